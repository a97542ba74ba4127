package dev.pouch.bench.impact;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * One setting measured once.
 *
 * @param quiet write latencies in the windows without a backup just before it and after its cooldown
 * @param during write latencies while the backup ran (process start to exit)
 * @param quietParts where the quiet window's time went (p99 of each part)
 * @param duringParts the same while the backup ran
 * @param quietMachine the machine during the quiet window before
 * @param duringMachine the machine while the backup ran
 * @param storeCachedAfter bytes of the store in the page cache after the backup (empty without fincore)
 */
record SettingResult(BackupSetting setting, int round, LatencyLog.Stats quiet, LatencyLog.Stats during,
    Parts quietParts, Parts duringParts, BackupRun.Outcome backup, Machine quietMachine, Machine duringMachine,
    OptionalLong storeCachedAfter) {

  /**
   * p99 of the parts of a write's latency, in milliseconds: start lag (waiting for a CPU, or behind after slow
   * writes), write, fsync; and of write plus fsync without the lag (service).
   */
  record Parts(double lagP99Millis, double writeP99Millis, double fsyncP99Millis, double serviceP99Millis) {

    static Parts of(LatencyLog log, String phase) {
      return of(log, phase::equals);
    }

    /** The parts over every phase whose name {@code matches} (a name without its part suffix). */
    static Parts of(LatencyLog log, Predicate<String> matches) {
      return new Parts(part(log, matches, LatencyLog.LAG), part(log, matches, LatencyLog.WRITE),
          part(log, matches, LatencyLog.FSYNC), part(log, matches, LatencyLog.SERVICE));
    }

    private static double part(LatencyLog log, Predicate<String> matches, String suffix) {
      return log.stats(phase -> phase.endsWith(suffix)
          && matches.test(phase.substring(0, phase.length() - suffix.length()))).p99Millis();
    }
  }

  /**
   * Shares of an interval, 0 to 1; empty where not measurable.
   *
   * @param diskBusy the source disk had I/O in flight ({@code io_ticks})
   * @param cpuPressure some runnable task waited for a CPU (PSI), whoever's
   * @param ioPressure some task waited for I/O (PSI)
   */
  record Machine(OptionalDouble diskBusy, OptionalDouble cpuPressure, OptionalDouble ioPressure) {}

  /** Relative change of the p99 write latency while backing up. */
  double p99Change() {
    return during.p99Millis() / quiet.p99Millis() - 1;
  }
}
