package dev.pouch.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
    md.append("\n## Measurements\n\n")
        .append("| mix | operation | tool | wall s | CPU s | peak RSS MiB | peak heap MiB | repo MiB | added MiB "
            + "| files written |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement x : run.measurements()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.0f | %s | %.1f | %.1f | %d |%n",
          x.mix(), x.operation().label(), x.failed() ? x.tool() + " **FAILED (exit " + x.exitStatus() + ")**"
              : x.tool(), x.wallSeconds(), x.cpuSeconds(), x.peakRssBytes() / MIB,
          x.peakHeapBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", x.peakHeapBytes() / MIB),
          x.repositoryBytes() / MIB, x.addedBytes() / MIB, x.filesWritten()));
    }
    md.append("\nFor restore, \"repo MiB\" is the restored tree and \"files written\" the files restored. Peak heap is "
        + "the largest heap in use when a GC started (pouch only).\n");
    md.append("\n## Ratios and targets (issue 10)\n\n")
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
    Optional<Measurement> pouch = find(all, mix, "pouch", op);
    Optional<Measurement> restic = find(all, mix, "restic", op);
    Optional<Measurement> borg = find(all, mix, "borg", op);
    if (pouch.isEmpty()) {
      return;
    }
    Measurement p = pouch.get();
    if (p.failed()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | - | - | - | - | pouch failed (exit %d) | **no** |%n", mix,
          op.label(), p.exitStatus()));
      return;
    }
    String wallRestic = restic.map(r -> ratio(p.wallSeconds(), r.wallSeconds())).orElse("-");
    String wallBorg = borg.map(b -> ratio(p.wallSeconds(), b.wallSeconds())).orElse("-");
    String rss = restic.map(r -> ratio(p.peakRssBytes(), r.peakRssBytes())).orElse("-");
    boolean backup = op == Operation.FULL_BACKUP || op == Operation.NO_CHANGE_BACKUP
        || op == Operation.COMPACTION_BACKUP;
    String stored = backup ? restic.map(r -> ratio(p.repositoryBytes(), r.repositoryBytes())).orElse("-") : "-";
    String target;
    String met;
    switch (op) {
      case FULL_BACKUP -> {
        target = "wall <= 0.67x restic, RSS <= restic";
        met = restic.map(r -> yes(p.wallSeconds() <= 0.67 * r.wallSeconds() && p.peakRssBytes() <= r.peakRssBytes()))
            .orElse("no restic");
      }
      case NO_CHANGE_BACKUP -> {
        target = "wall <= 0.5x restic";
        met = restic.map(r -> yes(p.wallSeconds() <= 0.5 * r.wallSeconds())).orElse("no restic");
      }
      case RESTORE -> {
        target = "wall <= 0.67x restic";
        met = restic.map(r -> yes(p.wallSeconds() <= 0.67 * r.wallSeconds())).orElse("no restic");
      }
      case COMPACTION_BACKUP -> {
        target = "stored <= restic (added: " + restic.map(r -> ratio(p.addedBytes(), r.addedBytes())).orElse("-")
            + "x)";
        met = restic.map(r -> yes(p.repositoryBytes() <= r.repositoryBytes())).orElse("no restic");
      }
      default -> {
        target = "none";
        met = "-";
      }
    }
    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", mix, op.label(), wallRestic,
        wallBorg, rss, stored, target, met));
  }

  private static String yes(boolean met) {
    return met ? "yes" : "**no**";
  }

  private static String ratio(double a, double b) {
    return b <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static Optional<Measurement> find(List<Measurement> all, String mix, String tool, Operation op) {
    return all.stream().filter(x -> x.mix().equals(mix) && x.tool().equals(tool) && x.operation() == op)
        .findFirst();
  }

  private static List<String> mixes(List<Measurement> all) {
    Set<String> mixes = new LinkedHashSet<>();
    all.forEach(x -> mixes.add(x.mix()));
    return new ArrayList<>(mixes);
  }
}
