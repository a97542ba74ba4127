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

class MainTest {

  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private final CliRunner cli = new CliRunner(env);
  private Path repo;
  private Path src;

  private int run(String... args) {
    return cli.run(args);
  }

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("repo");
    src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("1.sst"), "table data ".repeat(1000));
    env.put("POUCH_PASSWORD", "secret-one");
  }

  private void initAndBackup() {
    assertThat(run("init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    assertThat(run("backup", "--repo", repo.toString(), src.toString())).isZero();
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(cli.out()).contains("init", "backup", "snapshots", "ls", "restore", "verify", "key", "demo");
  }

  @Test
  void backupRestoreVerifyAndJson() throws Exception {
    initAndBackup();
    assertThat(run("snapshots", "--repo", repo.toString(), "--json")).isZero();
    JsonNode list = Json.mapper().readTree(cli.out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("files").asInt()).isEqualTo(1);
    assertThat(run("restore", "--repo", repo.toString(), "latest", "--target", tmp.resolve("out").toString()))
        .isZero();
    assertThat(tmp.resolve("out/1.sst")).hasSameTextualContentAs(src.resolve("1.sst"));
    assertThat(run("verify", "--repo", repo.toString(), "--read-data", "--json")).isZero();
    assertThat(Json.mapper().readTree(cli.out()).get("problems")).isEmpty();
  }

  @Test
  void wrongPasswordExitsFour() {
    initAndBackup();
    env.put("POUCH_PASSWORD", "nope");
    assertThat(run("snapshots", "--repo", repo.toString())).isEqualTo(4);
    assertThat(cli.err()).contains("password").doesNotContain("nope").doesNotContain("Exception");
  }

  @Test
  void missingRepositoryExitsFive() {
    assertThat(run("snapshots", "--repo", tmp.resolve("absent").toString())).isEqualTo(5);
    assertThat(cli.err()).contains("no repository").contains("hint:");
    // The storage layer's reason, not its whole message (operation, key and location again).
    assertThat(cli.err().lines().findFirst().orElseThrow())
        .isEqualTo("pouch: no repository at " + tmp.resolve("absent") + ": directory " + tmp.resolve("absent")
            + " does not exist");
  }

  @Test
  void usageErrorsExitTwoWithAHint() {
    assertThat(run("restore", "latest")).isEqualTo(2);
    assertThat(cli.err()).contains("--target").contains("hint:");
    assertThat(run("snapshots")).isEqualTo(2);
    assertThat(cli.err()).contains("POUCH_REPOSITORY");
    env.remove("POUCH_PASSWORD");
    assertThat(run("snapshots", "--repo", repo.toString())).isIn(2, 5);
  }

  @Test
  void noPasswordIsAUsageError() {
    initAndBackup();
    env.remove("POUCH_PASSWORD");
    assertThat(run("snapshots", "--repo", repo.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("POUCH_PASSWORD");
  }

  @Test
  void passwordFileWorksAndKeysCanBeAddedAndRemoved() throws Exception {
    initAndBackup();
    Path second = tmp.resolve("second");
    Files.writeString(second, "second-password\n");
    assertThat(run("key", "add", "--repo", repo.toString(), "--new-password-file", second.toString(),
        "--insecure-fast-kdf")).isZero();
    env.remove("POUCH_PASSWORD");
    assertThat(run("key", "list", "--repo", repo.toString(), "--password-file", second.toString(), "--json"))
        .isZero();
    JsonNode keys = Json.mapper().readTree(cli.out());
    assertThat(keys).hasSize(2);
    String other = null;
    for (JsonNode k : keys) {
      if (!k.get("current").asBoolean()) {
        other = k.get("id").asText();
      }
    }
    assertThat(run("key", "remove", "--repo", repo.toString(), "--password-file", second.toString(),
        other.substring(0, 8))).isZero();
    env.put("POUCH_PASSWORD", "secret-one");
    assertThat(run("snapshots", "--repo", repo.toString())).isEqualTo(4);
  }

  @Test
  void lastKeyCannotBeRemoved() throws Exception {
    initAndBackup();
    assertThat(run("key", "list", "--repo", repo.toString(), "--json")).isZero();
    String id = Json.mapper().readTree(cli.out()).get(0).get("id").asText();
    assertThat(run("key", "remove", "--repo", repo.toString(), id)).isEqualTo(1);
    assertThat(cli.err()).contains("last key");
  }

  @Test
  void corruptRepositoryMakesVerifyExitThree() throws Exception {
    initAndBackup();
    try (var s = Files.walk(repo.resolve("data"))) {
      Path pack = s.filter(Files::isRegularFile).findFirst().orElseThrow();
      byte[] b = Files.readAllBytes(pack);
      b[10] ^= 1;
      Files.write(pack, b);
    }
    assertThat(run("verify", "--repo", repo.toString(), "--read-data")).isEqualTo(3);
    assertThat(cli.out()).contains("data/").contains("affects snapshot");
    assertThat(run("restore", "--repo", repo.toString(), "latest", "--target", tmp.resolve("o").toString()))
        .isEqualTo(3);
  }

  @Test
  void demoRunsAndMatches() {
    assertThat(run("demo", "--dir", tmp.resolve("demo").toString())).isZero();
    assertThat(cli.out()).contains("byte for byte to what was captured: OK").contains("equals the simulator");
  }
}
