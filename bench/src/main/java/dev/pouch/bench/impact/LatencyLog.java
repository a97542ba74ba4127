package dev.pouch.bench.impact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Write latencies by phase ({@code quiet:<setting>}, {@code backup:<setting>}), with nearest-rank percentiles. */
final class LatencyLog {

  /** Suffixes of a phase for the parts of each latency: start lag behind schedule, the write, the fsync. */
  static final String LAG = "|lag";
  static final String WRITE = "|write";
  static final String FSYNC = "|fsync";
  /** Write plus fsync, without the start lag: the latency a writer that never falls behind would see. */
  static final String SERVICE = "|service";

  /** Percentiles of one or more phases, in milliseconds. */
  record Stats(int count, double p50Millis, double p99Millis, double maxMillis) {}

  private final Map<String, List<Long>> byPhase = new LinkedHashMap<>();

  synchronized void record(String phase, long latencyNanos) {
    byPhase.computeIfAbsent(phase, p -> new ArrayList<>()).add(latencyNanos);
  }

  /** Percentiles over every phase whose name {@code matches}; zero counts when none matched. */
  synchronized Stats stats(Predicate<String> matches) {
    long[] all = byPhase.entrySet().stream().filter(e -> matches.test(e.getKey()))
        .flatMap(e -> e.getValue().stream()).mapToLong(Long::longValue).toArray();
    if (all.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }
    Arrays.sort(all);
    return new Stats(all.length, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, all[all.length - 1] / 1e6);
  }

  Stats stats(String phase) {
    return stats(phase::equals);
  }

  /** Nearest rank: the smallest value with at least {@code p} of the samples at or below it. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
