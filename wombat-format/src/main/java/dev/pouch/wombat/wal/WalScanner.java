package dev.pouch.wombat.wal;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.WindowedReader;
import dev.pouch.wombat.vlog.PointerCheck;
import dev.pouch.wombat.vlog.ValuePointer;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds the validated end of a WAL segment by Wombat's end-of-log rules (§2.2): decode from the start and stop at
 * the first record where fewer than 17 bytes remain, the header is all zero, {@code key_len > 1 MiB}, {@code
 * value_len > 1 GiB}, the record runs past the file, {@code meta} has bits outside {@code 0x0B}, an external record
 * has {@code value_len != 16} or a pointer that does not resolve, or a deleted record has a value.
 *
 * <p>Works on a {@link ByteSource}, i.e. on one observation of a possibly live, preallocated and zero-tailed file.
 * Stateless and thread-safe. Reads each byte once (the tail check reads the rest of the file; switch it off for
 * frequent polls of large segments).
 */
public final class WalScanner {
  /** Bytes after the validated end that the tail check reads (see {@link WalScan#hasDataBeyondEnd()}). */
  public static final int TAIL_CHECK_BYTES = 64 * 1024;

  /** Largest {@code key_len} a valid record has: 1 MiB. */
  public static final long MAX_KEY_LENGTH = 1L << 20;
  /** Largest {@code value_len} a valid record has: 1 GiB. */
  public static final long MAX_VALUE_LENGTH = 1L << 30;

  private WalScanner() {}

  /** Scans the whole segment from offset 0. */
  public static WalScan scan(ByteSource segment, WalScanOptions options) throws IOException {
    return scan(segment, 0, options, null);
  }

  /**
   * Scans from {@code start} and passes each accepted record to {@code visitor} (which may be null).
   *
   * @param start a record boundary: 0, or the end of an earlier scan of the same segment
   */
  public static WalScan scan(ByteSource segment, long start, WalScanOptions options, WalRecordVisitor visitor)
      throws IOException {
    long length = segment.length();
    if (start < 0 || start > length) {
      throw new IllegalArgumentException("start " + start + " outside [0, " + length + "]");
    }
    WindowedReader reader = new WindowedReader(segment);
    long at = start;
    long end = start;
    long count = 0;
    long lastStart = -1;
    long emptyKeys = 0;
    long padding = 0;
    boolean lastZeroByte = false;
    PointerCheck failedCheck = null;
    WalStopReason reason;
    while (true) {
      long remaining = length - at;
      if (remaining < WalRecord.HEADER_SIZE) {
        reason = WalStopReason.END_OF_FILE;
        break;
      }
      if (reader.isZero(at, WalRecord.HEADER_SIZE)) {
        if (options.zeroHeaders() == ZeroHeaderPolicy.END_OF_LOG) {
          reason = WalStopReason.ZERO_HEADER;
          break;
        }
        long nonZero = reader.firstNonZero(at, length);
        if (nonZero < 0) {
          padding += remaining / WalRecord.HEADER_SIZE;
          reason = WalStopReason.ZERO_HEADER;
          break;
        }
        // Padding records are 17 bytes each, so the next real record starts on the grid that begins at `at`.
        long skipped = (nonZero - at) / WalRecord.HEADER_SIZE;
        padding += skipped;
        at += skipped * WalRecord.HEADER_SIZE;
        continue;
      }
      long keyLength = reader.u32(at);
      long valueLength = reader.u32(at + 4);
      int meta = reader.u8(at + 16);
      if (keyLength > MAX_KEY_LENGTH) {
        reason = WalStopReason.KEY_TOO_LONG;
        break;
      }
      if (valueLength > MAX_VALUE_LENGTH) {
        reason = WalStopReason.VALUE_TOO_LONG;
        break;
      }
      long size = WalRecord.HEADER_SIZE + keyLength + valueLength;
      if (size > remaining) {
        reason = WalStopReason.RECORD_PAST_END;
        break;
      }
      if ((meta & ~WalMeta.KNOWN_BITS) != 0) {
        reason = WalStopReason.UNKNOWN_META_BITS;
        break;
      }
      long valueStart = at + WalRecord.HEADER_SIZE + keyLength;
      if ((meta & WalMeta.EXTERNAL) != 0) {
        if (valueLength != ValuePointer.ENCODED_SIZE) {
          reason = WalStopReason.BAD_POINTER_LENGTH;
          break;
        }
        ValuePointer pointer = ValuePointer.decode(reader.read(valueStart, ValuePointer.ENCODED_SIZE), 0);
        PointerCheck check = options.pointers().check(pointer);
        if (!check.isValid()) {
          reason = WalStopReason.UNRESOLVED_POINTER;
          failedCheck = check;
          break;
        }
      }
      if ((meta & WalMeta.DELETED) != 0 && valueLength != 0) {
        reason = WalStopReason.DELETE_WITH_VALUE;
        break;
      }
      if (keyLength == 0) {
        emptyKeys++;
      }
      if (visitor != null) {
        visitor.record(at, readRecord(reader, at, keyLength, valueLength, meta));
      }
      lastZeroByte = reader.u8(at + size - 1) == 0;
      lastStart = at;
      count++;
      at += size;
      end = at;
    }
    TailState tail = TailState.NOT_CHECKED;
    long nonZeroAfterEnd = -1;
    if (options.checkTail()) {
      // A bounded window: a torn or rejected record shows right after the end, and reading a preallocated segment's
      // whole zero tail on every backup cost more than the records (8 MiB per segment, ~100 segments).
      nonZeroAfterEnd = reader.firstNonZero(end, Math.min(length, end + TAIL_CHECK_BYTES));
      tail = nonZeroAfterEnd < 0 ? TailState.ALL_ZERO : TailState.NON_ZERO;
    }
    return new WalScan(start, end, count, lastStart, reason, length, tail, nonZeroAfterEnd, emptyKeys, padding,
        lastZeroByte, Optional.ofNullable(failedCheck));
  }

  private static WalRecord readRecord(WindowedReader reader, long at, long keyLength, long valueLength, int meta)
      throws IOException {
    if (valueLength > Integer.MAX_VALUE - 16) {
      throw new IOException("WAL record at " + at + " has a " + valueLength + "-byte value, too large to materialise");
    }
    long timestamp = reader.u64(at + 8);
    long keyStart = at + WalRecord.HEADER_SIZE;
    Bytes key = Bytes.wrap(reader.read(keyStart, (int) keyLength));
    Bytes value = Bytes.wrap(reader.read(keyStart + keyLength, (int) valueLength));
    return new WalRecord(key, value, timestamp, meta);
  }
}
