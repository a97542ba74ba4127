package dev.pouch.wombat.vlog;

/**
 * The result of scanning a value-log file for its logical end.
 *
 * @param end offset of the logical end: a backup copies {@code [0, end)}
 * @param recordCount records before the end
 * @param lastRecordStart offset of the last record before the end, or -1 if there is none
 * @param stopReason why the scan stopped at {@code end}
 * @param fileLength the length of the scanned bytes
 * @param firstNonZeroAfterEnd first non-zero byte at or after {@code end}, or -1 if the rest is zero
 */
public record VlogScan(
    long end,
    long recordCount,
    long lastRecordStart,
    VlogStopReason stopReason,
    long fileLength,
    long firstNonZeroAfterEnd) {

  /** Whether everything after the logical end is zero (a preallocated tail), as for a cleanly written file. */
  public boolean tailIsZero() {
    return firstNonZeroAfterEnd < 0;
  }
}
