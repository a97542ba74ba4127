package dev.pouch.wombat.manifest;

import dev.pouch.wombat.bytes.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * A table description in a MANIFEST change. Integers are unsigned (u64, except {@code level}: u32).
 *
 * @param id table id; repeats across Wombat processes
 * @param path file name relative to the data directory, e.g. {@code table_1.sst} (never written by Wombat)
 * @param level LSM level
 * @param smallestKey smallest key (Wombat writes empty)
 * @param largestKey largest key (Wombat writes empty)
 * @param size file size (Wombat writes 0)
 * @param keyCount key count (Wombat writes 0)
 * @param createdAt Unix milliseconds
 * @param checksum checksum (Wombat writes 0)
 */
public record TableInfo(
    long id,
    Bytes path,
    long level,
    Bytes smallestKey,
    Bytes largestKey,
    long size,
    long keyCount,
    long createdAt,
    long checksum) {

  /** Validates the u32 level. */
  public TableInfo {
    if (level < 0 || level > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("level outside u32: " + level);
    }
  }

  /** What Wombat's {@code rotateMemTable} writes for table {@code id}: path {@code table_<id>.sst}, level 0. */
  public static TableInfo flushed(long id, long createdAtMillis) {
    return new TableInfo(id, Bytes.ofUtf8("table_" + Long.toUnsignedString(id) + ".sst"), 0, Bytes.empty(),
        Bytes.empty(), 0, 0, createdAtMillis, 0);
  }

  /** The path decoded as UTF-8. */
  public String pathString() {
    return new String(path.toByteArray(), StandardCharsets.UTF_8);
  }
}
