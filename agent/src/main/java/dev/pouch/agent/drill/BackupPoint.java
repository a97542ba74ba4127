package dev.pouch.agent.drill;

import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.SnapshotStore;
import java.time.Instant;

/**
 * One backup on the report's time axis, from a snapshot's summary.
 *
 * @param dedupRatio bytes read / bytes new to the repository; null when nothing new was added
 */
public record BackupPoint(String snapshot, Instant time, long bytesTotal, long bytesRead, long bytesAdded,
    long bytesStored, double durationSeconds, Double dedupRatio) {

  public static BackupPoint of(SnapshotStore.Stored s) {
    BackupSummary b = s.snapshot().summary();
    if (b == null) {
      return new BackupPoint(s.id().hex(), s.snapshot().time(), s.snapshot().totalBytes(), 0, 0, 0, 0, null);
    }
    return new BackupPoint(s.id().hex(), s.snapshot().time(), s.snapshot().totalBytes(), b.bytesRead(),
        b.bytesAdded(), b.bytesStored(), b.duration().toMillis() / 1000.0,
        b.bytesAdded() > 0 ? (double) b.bytesRead() / b.bytesAdded() : null);
  }
}
