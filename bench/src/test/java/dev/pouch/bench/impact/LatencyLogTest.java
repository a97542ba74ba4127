package dev.pouch.bench.impact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyLogTest {

  @Test
  void nearestRankPercentiles() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(LatencyLog.percentile(sorted, 0.50)).isEqualTo(50);
    assertThat(LatencyLog.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(LatencyLog.percentile(new long[] {7}, 0.99)).isEqualTo(7);
  }

  @Test
  void phasesAreKeptApartAndCanBeCombined() {
    LatencyLog log = new LatencyLog();
    for (int i = 1; i <= 100; i++) {
      log.record("quiet:a", 1_000_000L * i);
      log.record("backup:a", 10_000_000L * i);
    }

    assertThat(log.stats("quiet:a").p99Millis()).isEqualTo(99.0);
    assertThat(log.stats("backup:a").p50Millis()).isEqualTo(500.0);
    assertThat(log.stats(p -> p.endsWith(":a")).count()).isEqualTo(200);
    assertThat(log.stats("missing").count()).isZero();
  }
}
