package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.repository.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy, forget, prune, status, repair, audit and key rotate commands, as an operator would run them. */
class MaintenanceCommandsTest {

  @TempDir Path tmp;
  private final Map<String, String> env = new HashMap<>();
  private final CliRunner cli = new CliRunner(env);
  private Path primary;
  private Path src;

  private int run(String... args) {
    return cli.run(args);
  }

  @BeforeEach
  void setUp() throws Exception {
    primary = tmp.resolve("primary");
    src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("1.sst"), 300_000, 1);
    env.put("POUCH_PASSWORD", "secret-one");
    assertThat(run("init", "--repo", primary.toString(), "--insecure-fast-kdf")).isZero();
  }

  private JsonNode json() throws Exception {
    return Json.mapper().readTree(cli.out());
  }

  private void backup(long seed) throws Exception {
    BackupRestoreTest.writeRandom(src.resolve("changing.vlog"), 200_000, seed);
    assertThat(run("backup", "--repo", primary.toString(), src.toString())).as(cli.err()).isZero();
  }

  @Test
  void helpListsTheNewCommands() {
    assertThat(run("--help")).isZero();
    assertThat(cli.out()).contains("copy", "forget", "prune", "status", "repair", "audit");
    assertThat(run("help", "key")).isZero();
    assertThat(cli.out()).contains("rotate");
  }

  @Test
  void copyTargetCopyAndStatus() throws Exception {
    backup(2);
    Path copy = tmp.resolve("copy");
    assertThat(run("init", "--repo", copy.toString(), "--copy-of", primary.toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("sharing the keys");

    assertThat(run("status", "--repo", primary.toString(), "--copy", copy + ":nfs:offsite")).isEqualTo(1);
    assertThat(cli.out()).contains("does NOT hold", "no snapshot copied yet", "reason: 2 copies");

    assertThat(run("copy", "--from", primary.toString(), "--to", copy.toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("byte for byte", "1 snapshot(s) copied");
    assertThat(run("copy", "--from", primary.toString(), "--to", copy.toString(), "--json")).isZero();
    assertThat(json().get("alreadyPresent").asInt()).isEqualTo(1);
    assertThat(json().get("mode").asText()).isEqualTo("raw");

    assertThat(run("status", "--repo", primary.toString(), "--copy", copy + ":nfs:offsite", "--json")).isZero();
    JsonNode status = json();
    assertThat(status.get("satisfied").asBoolean()).isTrue();
    assertThat(status.get("copies").asInt()).isEqualTo(3);
    assertThat(status.get("targets").get(0).get("lagSeconds").asLong()).isZero();

    assertThat(run("status", "--repo", primary.toString(), "--copy", copy + ":disk:offsite")).isEqualTo(1);
    assertThat(cli.out()).contains("medium 'disk'");

    assertThat(run("restore", "--repo", copy.toString(), "latest", "--target", tmp.resolve("out").toString()))
        .as(cli.err()).isZero();
    assertThat(BackupRestoreTest.describe(tmp.resolve("out"))).isEqualTo(BackupRestoreTest.describe(src));
  }

  @Test
  void copyIntoAnUnrelatedRepositoryUsesTheSecondPasswordAndReencrypts() throws Exception {
    backup(2);
    Path other = tmp.resolve("other");
    env.put("POUCH_PASSWORD", "other-secret");
    assertThat(run("init", "--repo", other.toString(), "--insecure-fast-kdf")).isZero();
    env.put("POUCH_PASSWORD", "secret-one");
    env.put("POUCH_PASSWORD2", "other-secret");
    assertThat(run("copy", "--from", primary.toString(), "--to", other.toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("with re-encryption", "note: ", "re-encrypted", "1 snapshot(s) copied");
    env.remove("POUCH_PASSWORD2");
    assertThat(run("copy", "--from", primary.toString(), "--to", other.toString())).isEqualTo(4);
    assertThat(cli.err()).doesNotContain("other-secret").doesNotContain("secret-one");
  }

  @Test
  void forgetThenPruneAreAuditedAndLeaveAVerifiableRepository() throws Exception {
    backup(2);
    backup(3);
    backup(4);
    assertThat(run("forget", "--repo", primary.toString(), "--keep-last", "1", "--dry-run", "--json")).isZero();
    assertThat(json().get("removed")).isEmpty();
    assertThat(json().get("groups").get(0).get("remove")).hasSize(2);
    assertThat(json().get("groups").get(0).get("keep").get(0).get("reasons").get(0).asText()).isEqualTo("last");

    assertThat(run("forget", "--repo", primary.toString(), "--keep-last", "1")).isZero();
    assertThat(cli.out()).contains("remove", "removed 2 snapshot(s)");
    assertThat(run("prune", "--repo", primary.toString(), "--dry-run")).isZero();
    assertThat(cli.out()).contains("would delete", "would free", "would be replaced by", "storage requests:")
        .doesNotContain("would replaced");
    Path empty = tmp.resolve("empty");
    assertThat(run("init", "--repo", empty.toString(), "--insecure-fast-kdf")).isZero();
    assertThat(run("prune", "--repo", empty.toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("deleted 0 unused pack(s)", "freed 0 B", "replaced by").doesNotContain("would");

    assertThat(run("prune", "--repo", primary.toString(), "--json")).as(cli.err()).isZero();
    JsonNode prune = json();
    assertThat(prune.get("report").get("packsUnused").asInt() + prune.get("report").get("packsRepacked").asInt())
        .isPositive();
    assertThat(prune.get("requests").get("list").asLong()).isBetween(3L, 8L);
    assertThat(prune.get("requests").get("total").asLong()).isPositive();

    assertThat(run("audit", "--repo", primary.toString(), "--json")).isZero();
    JsonNode audit = json().get("entries");
    assertThat(audit).hasSize(2);
    assertThat(audit.get(0).get("record").get("command").asText()).startsWith("pouch forget").contains("--keep-last");
    assertThat(audit.get(1).get("record").get("command").asText()).startsWith("pouch prune");
    assertThat(audit.get(1).get("record").get("actor").get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(run("audit", "--repo", primary.toString())).isZero();
    assertThat(cli.out()).contains("started", "pouch forget", "2 record(s)");

    assertThat(run("verify", "--repo", primary.toString(), "--read-data")).isZero();
    assertThat(run("snapshots", "--repo", primary.toString(), "--json")).isZero();
    assertThat(json()).hasSize(1);
  }

  @Test
  void pruneRemovesOldTemporariesOfALocalRepositoryOnly() throws Exception {
    backup(2);
    Path old = Files.writeString(primary.resolve("data").resolve(".tmp-interrupted-upload"), "partial");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
    Path fresh = Files.writeString(primary.resolve("data").resolve(".tmp-upload-in-flight"), "partial");
    assertThat(run("prune", "--repo", primary.toString(), "--dry-run")).isZero();
    assertThat(old).exists();
    assertThat(run("prune", "--repo", primary.toString(), "--json")).isZero();
    assertThat(json().get("temporariesRemoved").asInt()).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void forgetWithoutRulesIsAUsageError() throws Exception {
    backup(2);
    assertThat(run("forget", "--repo", primary.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("no retention rule");
    assertThat(run("forget", "--repo", primary.toString(), "--keep-within", "3w")).isEqualTo(2);
  }

  @Test
  void keyRotationThenRewritingOldEpochsKeepsEverySnapshotRestorable() throws Exception {
    backup(2);
    assertThat(run("key", "rotate", "--repo", primary.toString())).isZero();
    assertThat(cli.out()).contains("key epoch 2");
    backup(3);
    assertThat(run("prune", "--repo", primary.toString(), "--rewrite-old-epochs", "--repack-threshold", "0"))
        .as(cli.err()).isZero();
    assertThat(run("verify", "--repo", primary.toString(), "--read-data")).isZero();
    assertThat(run("snapshots", "--repo", primary.toString(), "--json")).isZero();
    for (JsonNode s : json()) {
      assertThat(run("restore", "--repo", primary.toString(), s.get("id").asText(), "--target",
          tmp.resolve("r-" + s.get("id").asText()).toString())).isZero();
    }
  }

  @Test
  void repairIndexRebuildsLostIndexObjects() throws Exception {
    backup(2);
    try (Stream<Path> s = Files.list(primary.resolve("index"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    assertThat(run("verify", "--repo", primary.toString())).isEqualTo(3);
    assertThat(run("repair", "index", "--repo", primary.toString())).as(cli.err()).isZero();
    assertThat(cli.out()).contains("indexed 1 of 1 pack(s)");
    assertThat(run("verify", "--repo", primary.toString(), "--read-data")).isZero();
  }

  @Test
  void repairIndexKeepsAPackWhoseHeaderIsDamaged() throws Exception {
    backup(2);
    Path pack;
    try (Stream<Path> s = Files.walk(primary.resolve("data"))) {
      pack = s.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(pack);
    bytes[bytes.length - 17] ^= 1; // the last byte of the sealed header, just before the 16-byte trailer
    Files.write(pack, bytes);

    assertThat(run("repair", "index", "--repo", primary.toString())).as(cli.err()).isEqualTo(3);
    assertThat(cli.out()).contains("indexed 0 of 1 pack(s) from their headers, 1 more from the old index")
        .contains("kept in the index as the old index described it");
    assertThat(run("snapshots", "--repo", primary.toString(), "--json")).isZero();
    String id = json().get(0).get("id").asText();
    assertThat(run("restore", "--repo", primary.toString(), id, "--target", tmp.resolve("r").toString()))
        .as(cli.err()).isZero();
  }

  /** Adds a second password; returns its key id. */
  private String addSecondKey() throws Exception {
    Path second = tmp.resolve("second");
    Files.writeString(second, "second-password\n");
    assertThat(run("key", "add", "--repo", primary.toString(), "--new-password-file", second.toString(),
        "--insecure-fast-kdf")).isZero();
    return cli.out().trim().substring("added key ".length());
  }

  @Test
  void removingAKeyIsAudited() throws Exception {
    String added = addSecondKey();
    assertThat(run("key", "remove", "--repo", primary.toString(), added)).isZero();
    assertThat(run("audit", "--repo", primary.toString(), "--objects")).isZero();
    assertThat(cli.out()).contains("done", "pouch key remove", "keys/" + added);
  }

  @Test
  void removingAKeyWaitsForNoOneElseToHoldTheRepository() throws Exception {
    String added = addSecondKey();
    // Two removals at once each saw the other's key file still there and left none: removal takes the repository.
    dev.pouch.agent.repository.Repository repo = dev.pouch.agent.repository.Repository.open(
        dev.pouch.storage.local.LocalStorageBackend.of(dev.pouch.storage.local.LocalBackendConfig.of(primary)),
        "secret-one".toCharArray(), java.time.Clock.systemUTC(), new java.security.SecureRandom());
    try (dev.pouch.agent.lock.RepositoryLock other = new dev.pouch.agent.lock.LockService(repo, "other-host", 9)
        .acquire(dev.pouch.agent.lock.LockMode.SHARED, "backup")) {
      assertThat(run("key", "remove", "--repo", primary.toString(), added)).isEqualTo(5);
      assertThat(cli.err()).contains("is locked shared by backup");
    }
    assertThat(run("key", "remove", "--repo", primary.toString(), added)).isZero();
  }
}
