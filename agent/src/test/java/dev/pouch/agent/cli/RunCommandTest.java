package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pouch run} in process; the long-running loop and SIGTERM are covered by the process test (SidecarIT). */
class RunCommandTest {

  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private final CliRunner cli = new CliRunner(env);
  private Path repo;
  private Path src;
  private Path config;

  private int run(String... args) {
    return cli.run(args);
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(1000));
    Files.writeString(src.resolve("x.tmp"), "scratch");
    env.put("POUCH_PASSWORD", "secret-one");
    env.put("REPO", repo.toString());
    config = tmp.resolve("pouch.yaml");
    Files.writeString(config, """
        source: {path: %s, format: plain}
        repository: {url: "${REPO}"}
        schedule: {incremental: "@every 2s"}
        monitoring: {listen: "127.0.0.1:0"}
        """.formatted(src));
  }

  @Test
  void checkConfigAcceptsAGoodFile() {
    assertThat(run("run", "--config", config.toString(), "--check-config")).isZero();
    assertThat(cli.out()).contains("pouch.yaml: OK");
  }

  @Test
  void configErrorsAreReportedWithFileLineAndFieldAndExitTwo() throws Exception {
    Files.writeString(config, "source:\n  path: /data\n  exclud: []\nrepository: {url: /r}\nretention: {days: 3}\n");
    assertThat(run("run", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("pouch: " + config + ":3:3: field 'source.exclud': unknown key");
  }

  @Test
  void optionsThatWouldDoNothingAreRefusedNotIgnored() throws Exception {
    Files.writeString(config, "source: {path: /data}\nrepository: {url: /r}\nretention: {days: 3}\n");
    assertThat(run("run", "--config", config.toString(), "--check-config")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains(":3:1: field 'retention': retention rules are set but schedule.cleanup is "
        + "off");
  }

  @Test
  void aConfigWithoutScheduleHasNothingToRun() throws Exception {
    Files.writeString(config, "source: {path: /data}\nrepository: {url: /r}\n");
    assertThat(run("run", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("field 'schedule': nothing to run");
  }

  @Test
  void onceRunsOneBackupWithTheConfiguredExcludesAndVerifies() {
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    assertThat(run("run", "--config", config.toString(), "--once", "--full")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("backup: full backup", "verify: repository verified");
    assertThat(run("ls", "--repo", repo.toString(), "latest")).isZero();
    assertThat(cli.out()).contains("1.sst").doesNotContain("x.tmp");
  }

  @Test
  void onceCopiesTheBackupToEachCopyTargetWithItsOwnOrThePrimarysPassword() throws Exception {
    Path copy = tmp.resolve("copy");
    Path unrelated = tmp.resolve("unrelated");
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    assertThat(run("init", "--repo", copy.toString(), "--copy-of", repo.toString())).as(cli.err()).isZero();
    Path otherPassword = Files.writeString(tmp.resolve("other-password"), "secret-two\n");
    assertThat(run("init", "--repo", unrelated.toString(), "--password-file", otherPassword.toString(),
        "--insecure-fast-kdf")).isZero();
    Files.writeString(config, Files.readString(config) + """
        copies:
          - {url: "%s", medium: usb, site: offsite}
          - {url: "%s", medium: nas, password_file: "%s"}
        """.formatted(copy, unrelated, otherPassword));
    assertThat(run("run", "--config", config.toString(), "--once")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("copy: copied 1 snapshot(s) to " + copy + " (raw",
        "copy: copied 1 snapshot(s) to " + unrelated + " (reencrypt", "policy: 3-2-1 holds: 4 copies");
    assertThat(run("snapshots", "--repo", copy.toString())).isZero();
    assertThat(cli.out()).contains("1 snapshot(s)");
  }

  @Test
  void aCompressionThatDiffersFromTheRepositoryIsAConfigError() throws Exception {
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    Files.writeString(config, Files.readString(config) + "compression: none\n");
    assertThat(run("run", "--config", config.toString(), "--once")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains(":5:1: field 'compression': the repository at");
  }
}
