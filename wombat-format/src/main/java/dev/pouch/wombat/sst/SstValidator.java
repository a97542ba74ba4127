package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;
import dev.pouch.wombat.compression.ZlibCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Validates an SSTable against every rule of §2.4 ({@link SstCheck}), reading the whole file once. Reports the
 * first violated rule. Stateless and thread-safe.
 */
public final class SstValidator {
  /** Levels are numbered 0..6. */
  public static final int MAX_LEVELS = 7;

  private SstValidator() {}

  /** Validates {@code file}. */
  public static SstValidation validate(ByteSource file) throws IOException {
    Tail tail = tail(file);
    if (tail.failed() != null) {
      return tail.failed();
    }
    try (ZlibCodec zlib = new ZlibCodec(-1)) {
      return validateBlocks(file, tail.structure(), zlib);
    }
  }

  /** A table's structure, read from its tail (footer, bloom, indexes), or the failed validation. */
  record Tail(SstStructure structure, SstValidation failed) {}

  static Tail tail(ByteSource file) throws IOException {
    SstStructure.Parsed parsed = SstStructure.parse(file);
    if (parsed.structure().isEmpty()) {
      return new Tail(null, new SstValidation(parsed.problem(), parsed.footer(), 0, 0, Optional.empty(),
          Optional.empty()));
    }
    SstStructure s = parsed.structure().get();
    if (s.blockIndex.size() != s.blocks.size()) {
      return new Tail(null, SstValidation.failed(SstCheck.INDEX_CONSISTENCY, "block index has "
          + s.blockIndex.size() + " blocks, main index " + s.blocks.size(), s.footer));
    }
    return new Tail(s, null);
  }

  private static SstValidation validateBlocks(ByteSource file, SstStructure s, ZlibCodec zlib) throws IOException {
    BlockChecks checks = new BlockChecks(s, zlib);
    for (int i = 0; i < s.blocks.size(); i++) {
      SstStructure.BlockExtent block = s.blocks.get(i);
      SstValidation failed = checks.check(i, file.read(block.offset(), (int) block.size()));
      if (failed != null) {
        return failed;
      }
    }
    return checks.result();
  }

  /**
   * The per-block rules, block by block in file order; shared with {@link StreamingSstValidator}. Entries are read
   * where they lie in one reused inflate buffer: only each block's first and last key are copied (a backup checks
   * every new table, and per-entry copies had made this allocate twice the tables' raw size).
   */
  static final class BlockChecks {
    private static final int ENTRY_HEADER_BYTES = 16;
    private final SstStructure s;
    private final ZlibCodec zlib;
    private final CRC32 crc = new CRC32();
    private byte[] inflated = new byte[0];
    private Bytes previous;
    private Bytes smallest;
    private long entries;

    BlockChecks(SstStructure s, ZlibCodec zlib) {
      this.s = s;
      this.zlib = zlib;
    }

    /** Checks block {@code i} from its stored bytes; null when it holds, else the failed validation. */
    SstValidation check(int i, byte[] stored) {
      return check(i, stored, stored.length);
    }

    /** As {@link #check(int, byte[])}, from {@code stored[0, storedLength)}. */
    SstValidation check(int i, byte[] stored, int storedLength) {
      SstFooter f = s.footer;
      SstStructure.BlockExtent block = s.blocks.get(i);
      SstStructure.BlockIndexEntry info = s.blockIndex.get(i);
      byte[] raw = stored;
      int rawLength = storedLength;
      if (f.compression() != 0) {
        raw = SstStructure.inflateBlock(stored, storedLength, zlib, inflated);
        if (raw == null) {
          return SstValidation.failed(SstCheck.BLOCK_CONTENT, "block " + i + " at " + block.offset()
              + " does not inflate to its raw_len", f);
        }
        inflated = raw;
        rawLength = (int) LittleEndian.u32(stored, 0);
      }
      int count = wholeEntries(raw, rawLength);
      if (count <= 0) {
        return SstValidation.failed(SstCheck.BLOCK_CONTENT, "block " + i + " at " + block.offset()
            + " does not hold whole entries", f);
      }
      long minTs = -1L;
      long maxTs = 0;
      int firstKey = -1;
      int lastKey = -1;
      int lastLength = 0;
      int pos = 0;
      for (int e = 0; e < count; e++) {
        int keyLength = (int) LittleEndian.u32(raw, pos);
        int valueLength = (int) LittleEndian.u32(raw, pos + 4);
        long timestamp = LittleEndian.u64(raw, pos + 8);
        int key = pos + ENTRY_HEADER_BYTES;
        boolean greater = keyLength > 0 && (lastKey >= 0
            ? Arrays.compareUnsigned(raw, lastKey, lastKey + lastLength, raw, key, key + keyLength) < 0
            : previous == null || previous.compareTo(raw, key, keyLength) < 0);
        if (!greater) {
          return SstValidation.failed(SstCheck.KEY_ORDER, "entry " + entries + " in block " + i
              + " is empty or not greater than its predecessor", f);
        }
        if (firstKey < 0) {
          firstKey = key;
        }
        lastKey = key;
        lastLength = keyLength;
        if (Long.compareUnsigned(timestamp, minTs) < 0) {
          minTs = timestamp;
        }
        if (Long.compareUnsigned(timestamp, maxTs) > 0) {
          maxTs = timestamp;
        }
        entries++;
        pos = key + keyLength + valueLength;
      }
      Bytes first = Bytes.of(raw, firstKey, (int) LittleEndian.u32(raw, firstKey - ENTRY_HEADER_BYTES));
      Bytes last = Bytes.of(raw, lastKey, lastLength);
      previous = last;
      if (smallest == null) {
        smallest = first;
      }
      String mismatch = indexMismatch(block, info, count, rawLength, f.compression(), first, last, minTs, maxTs);
      if (mismatch != null) {
        return SstValidation.failed(SstCheck.INDEX_CONSISTENCY, "block " + i + " at " + block.offset() + ": "
            + mismatch, f);
      }
      crc.reset();
      crc.update(SstWriter.virtualHeader(count, minTs, maxTs));
      crc.update(raw, 0, rawLength);
      if (crc.getValue() != info.checksum()) {
        return SstValidation.failed(SstCheck.BLOCK_CHECKSUM, "block " + i + " at " + block.offset()
            + ": CRC-32 does not match the block index", f);
      }
      return null;
    }

    /** How many entries fill {@code raw[0, length)} exactly, or -1 when the last one overruns it. */
    private static int wholeEntries(byte[] raw, int length) {
      int count = 0;
      int pos = 0;
      while (pos < length) {
        if (length - pos < ENTRY_HEADER_BYTES) {
          return -1;
        }
        long entry = ENTRY_HEADER_BYTES + LittleEndian.u32(raw, pos) + LittleEndian.u32(raw, pos + 4);
        if (entry > length - pos) {
          return -1;
        }
        pos += (int) entry;
        count++;
      }
      return count;
    }

    /** The validation of a table whose every block passed. */
    SstValidation result() {
      return new SstValidation(Optional.empty(), Optional.of(s.footer), s.blocks.size(), entries,
          Optional.ofNullable(smallest), Optional.ofNullable(previous));
    }
  }

  private static String indexMismatch(SstStructure.BlockExtent block, SstStructure.BlockIndexEntry info,
      long entryCount, long rawLength, long compression, Bytes first, Bytes last, long minTs, long maxTs) {
    if (info.offset() != block.offset()) {
      return "block index offset " + info.offset();
    }
    if (info.size() != 24 + rawLength) {
      return "block index size " + info.size() + " for " + rawLength + " raw bytes";
    }
    if (info.entryCount() != entryCount) {
      return "block index counts " + info.entryCount() + " entries, block holds " + entryCount;
    }
    if (info.compression() != compression) {
      return "block index compression " + info.compression();
    }
    if (!info.firstKey().equals(first) || !info.lastKey().equals(last)) {
      return "block index keys differ from the block's first and last key";
    }
    if (info.minTs() != minTs || info.maxTs() != maxTs) {
      return "block index timestamp range differs from the block's";
    }
    List<Bytes> keys = block.indexKeys();
    boolean mainIndexMatches = first.equals(last)
        ? keys.equals(List.of(first))
        : keys.equals(List.of(first, last));
    if (!mainIndexMatches) {
      return "main index keys differ from the block's first and last key";
    }
    return null;
  }
}
