package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pouch status}: the seed's alert checks over the repository next to the 3-2-1 report, with and without a config. */
class StatusCommandTest {

  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private final CliRunner cli = new CliRunner(env);
  private Path repo;
  private Path copy;
  private Path src;
  private Path config;

  private int run(String... args) {
    return cli.run(args);
  }

  private int runAt(Clock clock, String... args) {
    return cli.runAt(clock, args);
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    copy = tmp.resolve("copy");
    src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(1000));
    env.put("POUCH_PASSWORD", "secret-one");
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    assertThat(run("init", "--repo", copy.toString(), "--copy-of", repo.toString())).isZero();
    config = tmp.resolve("pouch.yaml");
    Files.writeString(config, """
        source: {path: "%s", format: plain}
        repository: {url: "%s", medium: ssd}
        copies:
          - {url: "%s", medium: nas, site: offsite}
        schedule: {incremental: "@hourly"}
        alerts: {overdue_after: 6h}
        """.formatted(src, repo, copy));
  }

  private void backupAndCopy() {
    assertThat(run("backup", "--repo", repo.toString(), src.toString())).as(cli.err()).isZero();
    assertThat(run("copy", "--from", repo.toString(), "--to", copy.toString())).as(cli.err()).isZero();
  }

  @Test
  void healthyAndThreeTwoOneFromTheConfigExitZero() {
    backupAndCopy();
    assertThat(run("status", "--config", config.toString())).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("health ok: newest backup finished", "at most 6h0m allowed",
        "success rate unknown from the repository alone", "3-2-1 holds: 3 copies (live data + 2 repositories), "
        + "media nas, ssd, 1 offsite");
  }

  @Test
  void anOverdueBackupFailsWithItsReasonUsingTheConfiguredThreshold() {
    backupAndCopy();
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(7));
    assertThat(runAt(later, "status", "--config", config.toString())).isEqualTo(ExitCodes.FAILURE);
    assertThat(cli.out()).contains("health FAILING", "alert backup_overdue: backup overdue: the last successful "
        + "backup finished", "more than 6 h ago", "3-2-1 holds");
    // the seed's 24 h without the config: not overdue yet
    assertThat(runAt(later, "status", "--repo", repo.toString(), "--copy", copy + ":nas:offsite")).isZero();
  }

  @Test
  void anEmptyBackupAndAMissingCopyAreBothReportedInJson() throws Exception {
    Files.delete(src.resolve("1.sst"));
    assertThat(run("backup", "--repo", repo.toString(), src.toString())).isZero();
    assertThat(run("status", "--config", config.toString(), "--json")).isEqualTo(ExitCodes.FAILURE);
    JsonNode status = new ObjectMapper().readTree(cli.out());
    assertThat(status.get("ok").asBoolean()).isFalse();
    assertThat(status.get("satisfied").asBoolean()).isFalse();
    assertThat(status.at("/health/healthy").asBoolean()).isFalse();
    assertThat(status.at("/health/alerts/0/rule").asText()).isEqualTo("PouchBackupEmpty");
    assertThat(status.at("/health/lastBackupBytes").asLong()).isZero();
    assertThat(status.at("/targets/0/note").asText()).isEqualTo("no snapshot copied yet");
  }

  @Test
  void aRepositoryWithoutBackupsIsOverdue() {
    assertThat(run("status", "--config", config.toString())).isEqualTo(ExitCodes.FAILURE);
    assertThat(cli.out()).contains("newest backup none", "alert backup_overdue: backup overdue: no successful "
        + "backup yet");
  }

  @Test
  void aBrokenConfigIsAUsageError() throws Exception {
    Files.writeString(config, "source: {path: /x}\nrepository: {url: /r}\ncopies: [{url: /c, site: moon}]\n");
    assertThat(run("status", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains(":3:", "field 'copies[0].site': must be onsite or offsite");
  }
}
