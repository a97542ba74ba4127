package dev.pouch.bench.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * Renders a run as Markdown: the machine, every measurement, and the ratios pouch/restic and pouch/borg set against
 * the targets of issue 10 (first full backup <= 0.67x restic's wall time with peak RSS <= restic's, no-change
 * backup <= 0.5x, restore <= 0.67x, bytes stored after a compaction <= restic's).
 */
public final class ResultsReport {

  private static final double MIB = 1024.0 * 1024.0;

  private ResultsReport() {}

  /** Everything one harness run produced. */
  public record Run(Machine machine, List<String> dataSets, List<Measurement> measurements, List<String> notes) {}

  public static String markdown(Run run) {
    StringBuilder md = new StringBuilder();
    Machine m = run.machine();
    md.append("## Machine\n\n")
        .append(String.format(Locale.ROOT, "%d cores, %s, %.1f GiB RAM, work directory on %s, %s%n", m.cores(),
            m.cpuModel(), m.memoryBytes() / (MIB * 1024), m.workFilesystem(), m.jdk()));
    m.toolVersions().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
    md.append("\n## Data sets\n\n");
    run.dataSets().forEach(d -> md.append("- ").append(d).append('\n'));
    boolean rounds = run.measurements().stream().anyMatch(x -> x.round() > 1);
    md.append("\n## Measurements\n\n")
        .append(rounds ? "| mix | round " : "| mix ")
        .append("| operation | tool | wall s | CPU s | peak RSS MiB | peak heap MiB | repo MiB | added MiB "
            + "| files written |\n|---|").append(rounds ? "---:|" : "")
        .append("---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement x : run.measurements()) {
      md.append(String.format(Locale.ROOT, "| %s |%s %s | %s | %.2f | %.2f | %.0f | %s | %.1f | %.1f | %d |%n",
          x.mix(), rounds ? " " + x.round() + " |" : "", x.operation().label(), x.failed() ? x.tool() + " **FAILED (exit " + x.exitStatus() + ")**"
              : x.tool(), x.wallSeconds(), x.cpuSeconds(), x.peakRssBytes() / MIB,
          x.peakHeapBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", x.peakHeapBytes() / MIB),
          x.repositoryBytes() / MIB, x.addedBytes() / MIB, x.filesWritten()));
    }
    md.append("\nFor restore, \"repo MiB\" is the restored tree and \"files written\" the files restored. Peak heap is "
        + "the largest heap in use when a GC started (pouch only).\n");
    md.append("\n## Ratios and targets (issue 10)\n\n");
    if (rounds) {
      md.append("Each ratio is the median of the rounds' ratios (each round's tools ran back to back), with their "
          + "range; a target is met when the median meets it.\n\n");
    }
    md
        .append("| mix | operation | pouch/restic wall | pouch/borg wall | pouch/restic RSS | pouch/restic stored "
            + "| target | met |\n|---|---|---:|---:|---:|---:|---|---|\n");
    for (String mix : mixes(run.measurements())) {
      for (Operation op : Operation.values()) {
        if (op == Operation.INIT) {
          continue;
        }
        ratioRow(md, run.measurements(), mix, op);
      }
    }
    if (!run.notes().isEmpty()) {
      md.append("\n## Notes\n\n");
      run.notes().forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  private static void ratioRow(StringBuilder md, List<Measurement> all, String mix, Operation op) {
    List<Measurement> pouch = all.stream()
        .filter(x -> x.mix().equals(mix) && x.tool().equals("pouch") && x.operation() == op).toList();
    if (pouch.isEmpty()) {
      return;
    }
    List<Measurement> failed = pouch.stream().filter(Measurement::failed).toList();
    if (!failed.isEmpty()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | - | - | - | - | pouch failed (exit %d%s) | **no** |%n", mix,
          op.label(), failed.get(0).exitStatus(),
          pouch.size() > 1 ? " in " + failed.size() + " of " + pouch.size() + " rounds" : ""));
      return;
    }
    List<Double> wallRestic = new ArrayList<>();
    List<Double> wallBorg = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> stored = new ArrayList<>();
    List<Double> added = new ArrayList<>();
    for (Measurement p : pouch) {
      find(all, mix, p.round(), "restic", op).ifPresent(r -> {
        wallRestic.add(p.wallSeconds() / r.wallSeconds());
        rss.add((double) p.peakRssBytes() / r.peakRssBytes());
        stored.add((double) p.repositoryBytes() / r.repositoryBytes());
        added.add((double) p.addedBytes() / r.addedBytes());
      });
      find(all, mix, p.round(), "borg", op).ifPresent(b -> wallBorg.add(p.wallSeconds() / b.wallSeconds()));
    }
    boolean backup = op == Operation.FULL_BACKUP || op == Operation.NO_CHANGE_BACKUP
        || op == Operation.COMPACTION_BACKUP;
    String target;
    String met;
    switch (op) {
      case FULL_BACKUP -> {
        target = "wall <= 0.67x restic, RSS <= restic";
        met = verdict(wallRestic, w -> w <= 0.67, rss, r -> r <= 1.0);
      }
      case NO_CHANGE_BACKUP -> {
        target = "wall <= 0.5x restic";
        met = verdict(wallRestic, w -> w <= 0.5, List.of(), r -> true);
      }
      case RESTORE -> {
        target = "wall <= 0.67x restic";
        met = verdict(wallRestic, w -> w <= 0.67, List.of(), r -> true);
      }
      case COMPACTION_BACKUP -> {
        target = "stored <= restic (added: " + summary(added) + "x)";
        met = verdict(stored, s -> s <= 1.0, List.of(), r -> true);
      }
      default -> {
        target = "none";
        met = "-";
      }
    }
    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", mix, op.label(),
        summary(wallRestic), summary(wallBorg), summary(rss), backup ? summary(stored) : "-", target, met));
  }

  /**
   * Whether the medians of both ratios meet their tests; with more than one round, also in how many rounds both did
   * (the rounds are paired: each round's ratios come from runs back to back).
   */
  private static String verdict(List<Double> first, DoublePredicate firstMet, List<Double> second,
      DoublePredicate secondMet) {
    if (first.isEmpty()) {
      return "no restic";
    }
    boolean met = firstMet.test(median(first)) && (second.isEmpty() || secondMet.test(median(second)));
    String word = met ? "yes" : "**no**";
    if (first.size() == 1) {
      return word;
    }
    int rounds = 0;
    for (int i = 0; i < first.size(); i++) {
      if (firstMet.test(first.get(i)) && (second.isEmpty() || secondMet.test(second.get(i)))) {
        rounds++;
      }
    }
    return word + " (" + rounds + " of " + first.size() + " rounds)";
  }

  /** One round's ratio, or the median with the range of several: "0.82 (0.70-0.92)"; "-" for none. */
  static String summary(List<Double> ratios) {
    if (ratios.isEmpty() || ratios.stream().anyMatch(r -> r.isNaN() || r.isInfinite())) {
      return "-";
    }
    if (ratios.size() == 1) {
      return String.format(Locale.ROOT, "%.2f", ratios.get(0));
    }
    return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(ratios), Collections.min(ratios),
        Collections.max(ratios));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The tool's measurement of {@code op} in {@code round}, when it ran and did not fail. */
  private static Optional<Measurement> find(List<Measurement> all, String mix, int round, String tool, Operation op) {
    return all.stream().filter(x -> x.mix().equals(mix) && x.round() == round && x.tool().equals(tool)
        && x.operation() == op && !x.failed()).findFirst();
  }

  private static List<String> mixes(List<Measurement> all) {
    Set<String> mixes = new LinkedHashSet<>();
    all.forEach(x -> mixes.add(x.mix()));
    return new ArrayList<>(mixes);
  }
}
