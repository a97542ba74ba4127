package dev.pouch.wombat.wal;

import dev.pouch.wombat.vlog.PointerCheck;
import java.util.Optional;

/**
 * The result of scanning a WAL segment for its validated end (§2.2).
 *
 * @param start offset the scan started at (a boundary trusted from an earlier scan, usually 0)
 * @param end the validated end: the end of the last accepted record, or {@code start}; always a record boundary
 * @param recordCount records accepted in {@code [start, end)}, padding excluded
 * @param lastRecordStart offset of the last accepted record, or -1 if none was accepted
 * @param stopReason the rule that stopped the scan
 * @param fileLength length of the scanned bytes
 * @param tail what lies in the {@link WalScanner#TAIL_CHECK_BYTES} after {@code end}
 * @param firstNonZeroAfterEnd first non-zero byte in that window, or -1 (none, or tail not checked)
 * @param emptyKeyRecords accepted records with {@code key_len = 0} and a non-zero header (batch or transaction
 *     writes): legal, but flagged
 * @param paddingRecords all-zero records skipped under {@link ZeroHeaderPolicy#SKIP_AS_PADDING}
 * @param lastRecordEndsWithZeroByte whether the last accepted record's final byte is zero
 * @param stopPointerCheck the failed check when {@code stopReason} is {@link WalStopReason#UNRESOLVED_POINTER}
 */
public record WalScan(
    long start,
    long end,
    long recordCount,
    long lastRecordStart,
    WalStopReason stopReason,
    long fileLength,
    TailState tail,
    long firstNonZeroAfterEnd,
    long emptyKeyRecords,
    long paddingRecords,
    boolean lastRecordEndsWithZeroByte,
    Optional<PointerCheck> stopPointerCheck) {

  /**
   * Whether non-zero bytes follow the validated end within {@link WalScanner#TAIL_CHECK_BYTES}: a hole, a rejected
   * record or corruption, not a zero tail.
   */
  public boolean hasDataBeyondEnd() {
    return tail == TailState.NON_ZERO;
  }

  /**
   * Whether the last record may be a torn write that a live writer has not finished: its final byte is zero and no
   * next header has started within 17 bytes of the end. Wombat fills a zeroed file, so a record whose payload is
   * still zero looks complete; a reader of a live file confirms such a record by reading it again 20–50 ms later.
   * This is a heuristic: a complete record whose value ends in a zero byte also qualifies.
   */
  public boolean lastRecordMayBeTorn() {
    if (recordCount == 0 || !lastRecordEndsWithZeroByte) {
      return false;
    }
    boolean nextHeaderStarted = firstNonZeroAfterEnd >= 0 && firstNonZeroAfterEnd < end + WalRecord.HEADER_SIZE;
    return !nextHeaderStarted;
  }

  /** {@link #end()}, or the start of the last record when it {@linkplain #lastRecordMayBeTorn() may be torn}. */
  public long settledEnd() {
    return lastRecordMayBeTorn() ? lastRecordStart : end;
  }
}
