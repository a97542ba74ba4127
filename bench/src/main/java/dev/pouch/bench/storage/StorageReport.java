package dev.pouch.bench.storage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders the storage benchmark's results as Markdown tables (the format of bench/README.md, section Storage). */
final class StorageReport {

  private StorageReport() {}

  /** Throughput in MiB/s: one row per part size, one column per concurrency. */
  static String throughput(List<UploadThroughput.Result> results) {
    List<Integer> concurrencies = results.stream().map(UploadThroughput.Result::concurrency).distinct().sorted()
        .toList();
    Map<Long, Map<Integer, UploadThroughput.Result>> byPart = new TreeMap<>();
    for (UploadThroughput.Result r : results) {
      byPart.computeIfAbsent(r.partBytes(), k -> new TreeMap<>()).put(r.concurrency(), r);
    }
    StringBuilder out = new StringBuilder("| part size | requests |");
    concurrencies.forEach(c -> out.append(" concurrency ").append(c).append(" |"));
    out.append("\n|---|---|").append("---|".repeat(concurrencies.size())).append('\n');
    byPart.forEach((part, row) -> {
      out.append("| ").append(part >> 20).append(" MiB | ")
          .append(row.values().iterator().next().requests()).append(" |");
      for (int c : concurrencies) {
        UploadThroughput.Result r = row.get(c);
        out.append(r == null ? " - |" : String.format(Locale.ROOT, " %.0f MiB/s |", r.mibPerSecond()));
      }
      out.append('\n');
    });
    return out.toString();
  }

  /** Requests of a backup: per operation, per GiB stored, of an unchanged re-run; and where listings came from. */
  static String requests(BackupRequests.Result r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "source %s, added %s, stored %s in %d packs, %.1f s%n%n",
        size(r.sourceBytes()), size(r.bytesAdded()), size(r.bytesStored()), r.packs(), r.seconds()));
    out.append("| requests | put | open | stat | list | delete | total |\n|---|---|---|---|---|---|---|\n");
    out.append(row("first backup", r.first()));
    Map<String, Long> perGiB = r.perGiB().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> Math.round(e.getValue()), (a, b) -> a, TreeMap::new));
    out.append(row("per GiB stored", perGiB));
    out.append(row("unchanged re-run", r.unchanged()));
    out.append(String.format(Locale.ROOT, "%nPUTs per 8 MiB of new data stored: %.2f (goal: at most 1)%n%n",
        r.putsPer8MiB()));
    out.append("| listing | prefix | asked by |\n|---|---|---|\n");
    int n = 1;
    for (ListingOrigins.Listing l : r.listings()) {
      out.append("| ").append(n++).append(" | `").append(l.prefix()).append("` | ").append(l.origin()).append(" |\n");
    }
    return out.toString();
  }

  static String heap(BackupHeap.Result r) {
    if (r.peakHeapBytes().isEmpty()) {
      return String.format(Locale.ROOT, "source %s, -Xmx%s: exit %d, %.1f s: no collection ran%n",
          size(r.sourceBytes()), r.maxHeap(), r.exitCode(), r.seconds());
    }
    return String.format(Locale.ROOT, "source %s, -Xmx%s: exit %d%s, %.1f s, stored %s, peak heap in use at a "
        + "collection %s, after one %s, over %d collections%n", size(r.sourceBytes()), r.maxHeap(), r.exitCode(),
        r.error().isEmpty() ? "" : " (" + r.error() + ")", r.seconds(), r.bytesStored() < 0 ? "-"
            : size(r.bytesStored()), size(r.peakHeapBytes().getAsLong()),
        size(r.peakAfterCollectionBytes().orElse(0)), r.collections());
  }

  private static String row(String label, Map<String, Long> requests) {
    StringBuilder out = new StringBuilder("| ").append(label).append(" |");
    for (String op : List.of("put", "open", "stat", "list", "delete", "total")) {
      out.append(' ').append(requests.getOrDefault(op, 0L)).append(" |");
    }
    return out.append('\n').toString();
  }

  static String size(long bytes) {
    double mib = bytes / (1024.0 * 1024);
    return mib >= 1024 ? String.format(Locale.ROOT, "%.2f GiB", mib / 1024)
        : String.format(Locale.ROOT, "%.1f MiB", mib);
  }
}
