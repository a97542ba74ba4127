package dev.pouch.wombat.state;

import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays WAL segments to their cuts (§5) and resolves the state. Each segment is scanned under the end-of-log rules
 * with pointers checked against {@code valueLogs}, so a cut that is not reachable through valid records is reported
 * rather than trusted. Stateless and thread-safe.
 */
public final class SegmentReplay {
  private SegmentReplay() {}

  /**
   * How many WAL bytes a replay may take on with {@code heapBytes} of heap: a third. The resolved state holds every
   * live key and value, so its size follows the WAL bytes replayed.
   */
  public static long affordableWalBytes(long heapBytes) {
    return heapBytes / 3;
  }

  /**
   * Replays {@code segments}, which must list each lifetime's segments in application order (numeric WAL order).
   */
  public static ReplayResult replay(List<ReplaySegment> segments, ValueLogSet valueLogs) throws IOException {
    WalReplay replay = new WalReplay();
    List<String> problems = new ArrayList<>();
    WalScanOptions base = WalScanOptions.of(valueLogs).withTailCheck(false);
    for (ReplaySegment s : segments) {
      WalScan scan = WalScanner.scan(s.bytes().prefix(s.cut()), 0, base.withZeroHeaders(s.zeroHeaders()),
          (offset, record) -> replay.apply(s.lifetime(), record));
      if (scan.end() != s.cut() && !(scan.stopReason().isCleanEnd() && onlyZerosAfter(s, scan))) {
        problems.add(s.name() + ": validated end " + scan.end() + " before the cut " + s.cut() + " ("
            + scan.stopReason() + ")");
      }
    }
    return new ReplayResult(replay.state(valueLogs), replay.appliedRecords(), problems);
  }

  // A cut inside a zero tail (a segment captured with some of its preallocated zeros) loses nothing.
  private static boolean onlyZerosAfter(ReplaySegment s, WalScan scan) throws IOException {
    return new dev.pouch.wombat.bytes.WindowedReader(s.bytes()).firstNonZero(scan.end(), s.cut()) < 0;
  }
}
