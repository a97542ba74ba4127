package dev.pouch.wombat.vlog;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Fnv1a64;
import dev.pouch.wombat.bytes.WindowedReader;
import java.io.IOException;

/** Finds the logical end of a value-log file (§2.3). Stateless and thread-safe. */
public final class VlogScanner {
  private VlogScanner() {}

  /** Scans {@code file} from offset 0. */
  public static VlogScan scan(ByteSource file) throws IOException {
    return scan(file, 0);
  }

  /**
   * Scans {@code file} from {@code start}, a record boundary found by an earlier scan (records before it are
   * trusted). Reads every payload once to verify its FNV.
   */
  public static VlogScan scan(ByteSource file, long start) throws IOException {
    WindowedReader reader = new WindowedReader(file);
    long length = file.length();
    long at = start;
    long count = 0;
    long last = -1;
    VlogStopReason reason;
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      if (length - at < VlogRecordCodec.HEADER_SIZE) {
        reason = VlogStopReason.END_OF_FILE;
        break;
      }
      long payloadLength = reader.u32(at);
      if (payloadLength == 0) {
        reason = VlogStopReason.ZERO_LENGTH;
        break;
      }
      if (payloadLength > length - at - VlogRecordCodec.HEADER_SIZE) {
        reason = VlogStopReason.PAST_END;
        break;
      }
      long expected = reader.u64(at + 4);
      Fnv1a64 hash = new Fnv1a64();
      long p = at + VlogRecordCodec.HEADER_SIZE;
      long remaining = payloadLength;
      while (remaining > 0) {
        int n = (int) Math.min(buffer.length, remaining);
        reader.read(p, buffer, 0, n);
        hash.update(buffer, 0, n);
        p += n;
        remaining -= n;
      }
      if (hash.value() != expected) {
        reason = VlogStopReason.CHECKSUM_MISMATCH;
        break;
      }
      last = at;
      count++;
      at = p;
    }
    long nonZero = reader.firstNonZero(at, length);
    return new VlogScan(at, count, last, reason, length, nonZero);
  }
}
