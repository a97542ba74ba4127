package dev.pouch.bench.impact;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One setting measured once.
 *
 * @param quiet write latencies in the window without a backup just before
 * @param during write latencies while the backup ran (process start to exit)
 * @param diskBusyQuiet share of the quiet window the source disk was busy; empty without a disk probe
 * @param diskBusyDuring the same while the backup ran
 * @param storeCachedAfter bytes of the store in the page cache after the backup (empty without fincore)
 * @param loadAverage the one-minute load average when the backup ended (other work on the machine)
 */
record SettingResult(BackupSetting setting, int round, LatencyLog.Stats quiet, LatencyLog.Stats during,
    BackupRun.Outcome backup, OptionalDouble diskBusyQuiet, OptionalDouble diskBusyDuring,
    OptionalLong storeCachedAfter, double loadAverage) {

  /** Relative change of the p99 write latency while backing up. */
  double p99Change() {
    return during.p99Millis() / quiet.p99Millis() - 1;
  }
}
