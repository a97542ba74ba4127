package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.repository.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits.read_rate} of {@code pouch.yaml} reaches the sidecar's backups. */
class RunReadLimitsTest {

  @TempDir Path tmp;
  private StringWriter out;
  private StringWriter err;

  private int run(Map<String, String> env, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.run(new Context(new PrintWriter(out), new PrintWriter(err), env, Clock.systemUTC(),
        new SecureRandom(), false), args);
  }

  @Test
  void theConfiguredReadRateLimitsTheSidecarsBackupAndIsRecorded() throws Exception {
    Path repo = tmp.resolve("repo");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(200_000));
    Path config = Files.writeString(tmp.resolve("pouch.yaml"), """
        source: {path: %s, format: plain}
        repository: {url: %s}
        schedule: {incremental: "@every 1h"}
        limits: {read_rate: 8MiB/s, threads: 1}
        verify: {after_backup: false}
        """.formatted(src, repo));
    Map<String, String> env = Map.of("POUCH_PASSWORD", "pw");
    assertThat(run(env, "init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();

    assertThat(run(env, "run", "--config", config.toString(), "--once")).as(err.toString()).isZero();
    assertThat(run(env, "snapshots", "--repo", repo.toString(), "--json")).isZero();

    JsonNode snapshots = Json.mapper().readTree(out.toString());
    assertThat(snapshots).hasSize(1);
    JsonNode summary = snapshots.get(0).get("summary");
    assertThat(summary.get("throttleLimitBytesPerSecond").asLong()).isEqualTo(8L << 20);
    // 2.2 MB is a short read: the bucket's burst (a tenth of a second's worth) lifts the average above the limit;
    // the 10% accuracy over 30 s windows is ReadThrottleTest's. Unthrottled, this read runs at gigabytes per second.
    assertThat(summary.get("readRateBytesPerSecond").asLong()).isBetween(1L, 2 * (8L << 20));
  }
}
