package dev.pouch.bench.prune;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders measured runs as a Markdown table; a figure that was not measured shows as an en dash. */
final class PruneResults {

  private static final String NONE = "–";

  private PruneResults() {}

  static String table(List<PruneRun> runs) {
    StringBuilder out = new StringBuilder();
    out.append("| run | snapshots | wall s | CPU s | peak RSS MiB | requests | listings per prefix | read / written "
        + "| syscalls | packs |\n");
    out.append("|---|---:|---:|---:|---:|---|---|---|---|---|\n");
    for (PruneRun r : runs) {
      out.append("| ").append(r.label())
          .append(" | ").append(String.format(Locale.ROOT, "%,d", r.snapshotsBefore()))
          .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.wallSeconds()))
          .append(" | ").append(r.cpuSeconds() == null ? NONE : String.format(Locale.ROOT, "%.2f", r.cpuSeconds()))
          .append(" | ").append(r.peakRssBytes() == null ? NONE : String.valueOf(r.peakRssBytes() >> 20))
          .append(" | ").append(requests(r.requests()))
          .append(" | ").append(counts(r.listings()))
          .append(" | ").append(r.bytesRead() == null ? NONE : mib(r.bytesRead()) + " / " + mib(r.bytesWritten()))
          .append(" | ").append(counts(r.syscalls()))
          .append(" | ").append(r.packs() == null ? NONE : r.packs())
          .append(" |\n");
    }
    return out.toString();
  }

  /** {@code total (list a, open b, stat c, put d, delete e)}; the meter's labels. */
  static String requests(Map<String, Long> requests) {
    if (requests == null || requests.isEmpty()) {
      return NONE;
    }
    String parts = requests.entrySet().stream().filter(e -> !e.getKey().equals("total"))
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
        .collect(Collectors.joining(", "));
    Long total = requests.get("total");
    return total == null ? parts : String.format(Locale.ROOT, "%,d (%s)", total, parts);
  }

  static String counts(Map<String, Long> counts) {
    if (counts == null || counts.isEmpty()) {
      return NONE;
    }
    return counts.entrySet().stream().map(e -> "`" + e.getKey() + "` " + String.format(Locale.ROOT, "%,d",
        e.getValue())).collect(Collectors.joining(", "));
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }
}
