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

/** {@code pouch status} names the newest backup's read rate and read limit. */
class StatusReadRateTest {

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
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(50_000));
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
  }

  @Test
  void aThrottledBackupsRateAndLimitAreShown() throws Exception {
    assertThat(run("backup", "--repo", repo.toString(), "--limit-read", "64MiB/s", src.toString())).isZero();

    run("status", "--repo", repo.toString());
    assertThat(cli.out()).containsPattern("last backup: read [0-9.]+ [KM]iB/s, read limit 64.0 MiB/s");

    run("status", "--repo", repo.toString(), "--json");
    JsonNode last = Json.mapper().readTree(cli.out()).get("lastBackup");
    assertThat(last.get("throttleLimitBytesPerSecond").asLong()).isEqualTo(64L << 20);
    assertThat(last.get("readRateBytesPerSecond").asLong()).isPositive();
  }

  @Test
  void anUnthrottledBackupHasNoLimit() {
    assertThat(run("backup", "--repo", repo.toString(), src.toString())).isZero();

    run("status", "--repo", repo.toString());

    assertThat(cli.out()).containsPattern("last backup: read [0-9.]+ [KMG]iB/s, no read limit");
  }
}
