package dev.pouch.bench.impact;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The results as a Markdown table plus the goal, checked per round. */
final class ImpactReport {

  private static final double MIB = 1 << 20;

  private ImpactReport() {}

  static String render(List<SettingResult> results, String context) {
    StringBuilder out = new StringBuilder();
    out.append(context).append("\n\n");
    out.append("| round | setting | quiet p50 / p99 ms | backup p50 / p99 ms | p99 change | max ms (quiet / backup) "
        + "| backup s | vs unthrottled | read MiB/s | limit MiB/s | disk busy (quiet / backup) | store cached after "
        + "| load |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (SettingResult r : results) {
      Optional<SettingResult> reference = reference(results, r.round());
      out.append(String.format(Locale.ROOT, "| %d | %s | %.2f / %.2f | %.2f / %.2f | %+.0f%% | %.0f / %.0f | %.1f | %s "
              + "| %.0f | %s | %s / %s | %s | %.1f |%n",
          r.round(), r.setting().name(), r.quiet().p50Millis(), r.quiet().p99Millis(), r.during().p50Millis(),
          r.during().p99Millis(), 100 * r.p99Change(), r.quiet().maxMillis(), r.during().maxMillis(),
          r.backup().seconds(), reference.map(u -> String.format(Locale.ROOT, "%.2fx", r.backup().seconds()
              / u.backup().seconds())).orElse("-"), r.backup().readBytesPerSecond() / MIB,
          r.backup().limitBytesPerSecond() == 0 ? "none" : String.format(Locale.ROOT, "%.0f",
              r.backup().limitBytesPerSecond() / MIB), percent(r.diskBusyQuiet()), percent(r.diskBusyDuring()),
          mib(r.storeCachedAfter()), r.loadAverage()));
    }
    out.append("\nGoal (issue 12): with the default sidecar settings the p99 write latency rises by less than 20% "
        + "while the backup finishes within 2x its unthrottled time.\n\n");
    for (SettingResult r : results) {
      if (!r.setting().name().equals(BackupSetting.SIDECAR)) {
        continue;
      }
      Optional<SettingResult> reference = reference(results, r.round());
      boolean latency = r.p99Change() < 0.20;
      String time = reference.map(u -> {
        double ratio = r.backup().seconds() / u.backup().seconds();
        return String.format(Locale.ROOT, "duration %.2fx unthrottled: %s", ratio, ratio <= 2 ? "met" : "MISSED");
      }).orElse("duration: no unthrottled run in this round");
      out.append(String.format(Locale.ROOT, "- round %d: p99 %+.0f%%: %s; %s%n", r.round(), 100 * r.p99Change(),
          latency ? "met" : "MISSED", time));
    }
    return out.toString();
  }

  private static Optional<SettingResult> reference(List<SettingResult> results, int round) {
    return results.stream().filter(x -> x.round() == round && x.setting().name().equals(BackupSetting.UNTHROTTLED))
        .findFirst();
  }

  private static String percent(OptionalDouble share) {
    return share.isPresent() ? String.format(Locale.ROOT, "%.0f%%", 100 * share.getAsDouble()) : "n/a";
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", bytes.getAsLong() / MIB) : "n/a";
  }
}
