package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.repository.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup --limit-read/--adaptive/--priority}. ({@code --priority low} is not run: it would renice the test JVM.) */
class BackupLimitOptionsTest {

  @TempDir Path tmp;
  private final CliRunner cli = new CliRunner(Map.of("POUCH_PASSWORD", "pw"));
  private Path repo;
  private Path src;

  private int run(String... args) {
    return cli.run(args);
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(100_000));
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
  }

  @Test
  void aReadLimitIsAppliedAndReportedInTheSummary() throws Exception {
    assertThat(run("backup", "--repo", repo.toString(), "--limit-read", "50MiB/s", "--json", src.toString()))
        .isZero();

    JsonNode summary = Json.mapper().readTree(cli.out()).get("summary");
    assertThat(summary.get("throttleLimitBytesPerSecond").asLong()).isEqualTo(50L << 20);
    assertThat(summary.get("readRateBytesPerSecond").asLong()).isPositive();
  }

  @Test
  void adaptiveReadsStayWithinTheGivenCeiling() throws Exception {
    assertThat(run("backup", "--repo", repo.toString(), "--adaptive", "--limit-read", "16MiB/s", "--json",
        src.toString())).isZero();

    JsonNode summary = Json.mapper().readTree(cli.out()).get("summary");
    assertThat(summary.get("throttleLimitBytesPerSecond").asLong()).isBetween(4L << 20, 16L << 20);
  }

  @Test
  void textOutputNamesTheLimit() {
    assertThat(run("backup", "--repo", repo.toString(), "--limit-read", "100MiB/s", src.toString())).isZero();

    assertThat(cli.out()).contains("under a read limit of 100.0 MiB/s");
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("backup", "--repo", repo.toString(), "--limit-read", "fast", src.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("not a rate");
    assertThat(run("backup", "--repo", repo.toString(), "--priority", "urgent", src.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("low, idle or normal");
    assertThat(run("backup", "--repo", repo.toString(), "--page-cache", "none", src.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("spare or through");
  }

  @Test
  void readsThroughTheCacheOnRequest() {
    assertThat(run("backup", "--repo", repo.toString(), "--page-cache", "through", src.toString())).isZero();
  }
}
