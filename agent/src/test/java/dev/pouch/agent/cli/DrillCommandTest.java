package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.repository.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillCommandTest {

  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private final CliRunner cli = new CliRunner(env);
  private Path repo;

  private int run(String... args) {
    return cli.run(args);
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(1000));
    env.put("POUCH_PASSWORD", "secret-one");
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    assertThat(run("backup", "--repo", repo.toString(), "--source-format", "plain", src.toString())).isZero();
  }

  @Test
  void drillPassesWritesBothReportsAndRecordsItsHistory() throws Exception {
    Path html = tmp.resolve("drill.html");
    Path json = tmp.resolve("drill.json");
    assertThat(run("drill", "--repo", repo.toString(), "--report", html.toString(), "--json", json.toString(),
        "--scratch", tmp.resolve("scratch").toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("PASSED", "RTO ", "files      ok");
    assertThat(Files.readString(html)).contains("id=\"plot-size\"");
    JsonNode report = Json.mapper().readTree(json.toFile());
    assertThat(report.at("/drill/passed").asBoolean()).isTrue();
    assertThat(report.at("/history")).hasSize(1);
    assertThat(report.at("/backups")).hasSize(1);

    assertThat(run("drill", "--repo", repo.toString(), "--json", "-", "--snapshot", "random", "--scratch",
        tmp.resolve("scratch").toString())).isZero();
    assertThat(Json.mapper().readTree(cli.out()).at("/history")).hasSize(2);
  }

  @Test
  void aCorruptedRepositoryFailsTheDrillWithExitThree() throws Exception {
    try (var packs = Files.walk(repo.resolve("data"))) {
      Path pack = packs.filter(Files::isRegularFile).findFirst().orElseThrow();
      byte[] b = Files.readAllBytes(pack);
      for (int i = 8; i < b.length / 2; i++) {
        b[i] ^= 1; // the first half of the only pack: its chunk data
      }
      pack.toFile().setWritable(true);
      Files.write(pack, b);
    }
    assertThat(run("drill", "--repo", repo.toString(), "--scratch", tmp.resolve("scratch").toString()))
        .isEqualTo(ExitCodes.INTEGRITY);
    assertThat(cli.out()).contains("FAILED");
  }

  @Test
  void aPointInTimeDrillWithoutShippedWalCannotComplete() throws Exception {
    assertThat(run("drill", "--repo", repo.toString(), "--at", "random-pitr", "--json", "-", "--scratch",
        tmp.resolve("scratch").toString())).isEqualTo(ExitCodes.FAILURE);
    JsonNode report = Json.mapper().readTree(cli.out());
    assertThat(report.at("/drill/failure").asText()).contains("no point-in-time recovery window");
    assertThat(report.at("/drill/pointInTime/random").asBoolean()).isTrue();
  }

  @Test
  void theConfiguredPointInTimeMakesAPointInTimeDrillUnlessASnapshotIsNamed() throws Exception {
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, """
        source: {path: /data}
        repository: {url: "%s"}
        restore: {point_in_time: 2026-11-25T12:00:00Z, verify_before_restore: false}
        """.formatted(repo));
    assertThat(run("drill", "--config", config.toString(), "--json", "-", "--scratch",
        tmp.resolve("scratch").toString())).isEqualTo(ExitCodes.FAILURE);
    assertThat(Json.mapper().readTree(cli.out()).at("/drill/pointInTime/target").asText())
        .isEqualTo("2026-11-25T12:00:00Z");
    assertThat(run("drill", "--config", config.toString(), "--snapshot", "latest", "--scratch",
        tmp.resolve("scratch").toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("PASSED", "snapshot ").doesNotContain("point in time");
  }

  @Test
  void aTimeThatIsNotOneOrBothKindsOfDrillAreUsageErrors() {
    assertThat(run("drill", "--repo", repo.toString(), "--at", "yesterday")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("'yesterday' is not a time", "random-pitr");
    assertThat(run("drill", "--repo", repo.toString(), "--at", "-5m", "--snapshot", "latest"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("either --snapshot or --at");
  }
}
