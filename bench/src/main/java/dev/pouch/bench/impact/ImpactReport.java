package dev.pouch.bench.impact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The results as Markdown tables plus the goal, checked per round. */
final class ImpactReport {

  private static final double MIB = 1 << 20;

  private ImpactReport() {}

  /**
   * One setting's backup windows of every round pooled, against every quiet window of the run pooled: one bad
   * window (another tenant's burst, a host hiccup) then weighs as little as it does in the database's own p99.
   */
  record Pooled(String setting, int rounds, LatencyLog.Stats quiet, LatencyLog.Stats backup,
      SettingResult.Parts quietParts, SettingResult.Parts backupParts) {

    double p99Change() {
      return backup.p99Millis() / quiet.p99Millis() - 1;
    }
  }

  static String render(List<SettingResult> results, List<Pooled> pooled, String context) {
    StringBuilder out = new StringBuilder();
    out.append(context).append("\n\n");
    out.append("| round | setting | quiet p50 / p99 ms | backup p50 / p99 ms | p99 change | backup s | vs unthrottled "
        + "| read MiB/s | limit MiB/s | store cached after |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (SettingResult r : results) {
      Optional<SettingResult> reference = reference(results, r.round());
      out.append(String.format(Locale.ROOT, "| %d | %s | %.2f / %.2f | %.2f / %.2f | %+.0f%% | %.1f | %s | %.0f | %s "
              + "| %s |%n", r.round(), r.setting().name(), r.quiet().p50Millis(), r.quiet().p99Millis(),
          r.during().p50Millis(), r.during().p99Millis(), 100 * r.p99Change(), r.backup().seconds(),
          reference.map(u -> String.format(Locale.ROOT, "%.2fx", r.backup().seconds() / u.backup().seconds()))
              .orElse("-"), r.backup().readBytesPerSecond() / MIB, r.backup().limitBytesPerSecond() == 0 ? "none"
              : String.format(Locale.ROOT, "%.0f", r.backup().limitBytesPerSecond() / MIB),
          mib(r.storeCachedAfter())));
    }
    out.append("\nWhere the p99 went (start lag behind schedule / write / fsync / write+fsync without lag, ms) and "
        + "what the machine did (CPU and I/O pressure: share of time some task waited, any process; disk busy: the "
        + "store's device):\n\n");
    out.append("| round | setting | p99 parts quiet | p99 parts backup | CPU pressure | I/O pressure | disk busy |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (SettingResult r : results) {
      out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s / %s | %s / %s | %s / %s |%n", r.round(),
          r.setting().name(), parts(r.quietParts()), parts(r.duringParts()), percent(r.quietMachine().cpuPressure()),
          percent(r.duringMachine().cpuPressure()), percent(r.quietMachine().ioPressure()),
          percent(r.duringMachine().ioPressure()), percent(r.quietMachine().diskBusy()),
          percent(r.duringMachine().diskBusy())));
    }
    if (!pooled.isEmpty()) {
      Pooled first = pooled.get(0);
      out.append(String.format(Locale.ROOT, "%nPooled over the rounds: every quiet window of the run together (%d "
          + "writes, p50 / p99 %.2f / %.2f ms; parts %s) against each setting's backup windows together:%n%n",
          first.quiet().count(), first.quiet().p50Millis(), first.quiet().p99Millis(), parts(first.quietParts())));
      out.append("| setting | rounds | writes | backup p50 / p99 ms | p99 change | p99 parts backup |\n");
      out.append("|---|---|---|---|---|---|\n");
      for (Pooled p : pooled) {
        out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f / %.2f | %+.0f%% | %s |%n", p.setting(),
            p.rounds(), p.backup().count(), p.backup().p50Millis(), p.backup().p99Millis(), 100 * p.p99Change(),
            parts(p.backupParts())));
      }
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
    pooled.stream().filter(p -> p.setting().equals(BackupSetting.SIDECAR)).findFirst().ifPresent(p ->
        out.append(String.format(Locale.ROOT, "- pooled over %d round(s): p99 %+.0f%%: %s%n", p.rounds(),
            100 * p.p99Change(), p.p99Change() < 0.20 ? "met" : "MISSED")));
    return out.toString();
  }

  /** Each setting's backup windows pooled over the rounds, against all quiet windows pooled (see ImpactReport). */
  static List<Pooled> pooled(LatencyLog log, List<SettingResult> results) {
    Predicate<String> quiet = phase -> phase.startsWith("quiet:") && !phase.contains("|");
    LatencyLog.Stats quietStats = log.stats(quiet);
    SettingResult.Parts quietParts = SettingResult.Parts.of(log, quiet);
    List<Pooled> pooled = new ArrayList<>();
    for (String setting : results.stream().map(r -> r.setting().name()).distinct().toList()) {
      Pattern windows = Pattern.compile("backup:" + Pattern.quote(setting) + "-\\d+");
      Predicate<String> backup = phase -> windows.matcher(phase).matches();
      int rounds = (int) results.stream().filter(r -> r.setting().name().equals(setting)).count();
      pooled.add(new Pooled(setting, rounds, quietStats, log.stats(backup), quietParts,
          SettingResult.Parts.of(log, backup)));
    }
    return pooled;
  }

  private static Optional<SettingResult> reference(List<SettingResult> results, int round) {
    return results.stream().filter(x -> x.round() == round && x.setting().name().equals(BackupSetting.UNTHROTTLED))
        .findFirst();
  }

  private static String parts(SettingResult.Parts p) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", p.lagP99Millis(), p.writeP99Millis(),
        p.fsyncP99Millis(), p.serviceP99Millis());
  }

  private static String percent(OptionalDouble share) {
    return share.isPresent() ? String.format(Locale.ROOT, "%.0f%%", 100 * share.getAsDouble()) : "n/a";
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", bytes.getAsLong() / MIB) : "n/a";
  }
}
