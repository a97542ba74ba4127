package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.repository.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage options every repository command takes ({@link StorageOptions}), on a local repository; their effect
 * on the cloud backends is tested against the test servers in integration-tests ({@code dev.pouch.it.cloud}).
 */
class StorageOptionsTest {

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
  void everyCommandThatOpensARepositoryDocumentsTheStorageOptions() {
    for (String command : List.of("init", "backup", "snapshots", "ls", "restore", "verify", "forget", "prune",
        "status", "audit", "drill")) {
      assertThat(run("help", command)).as("%s: %s", command, cli.err()).isZero();
      assertThat(cli.out()).as("help %s", command).contains("--limit-upload=RATE", "--limit-download=RATE",
          "--part-size=SIZE", "--upload-concurrency=N", "--endpoint=URL", "--path-style", "--object-lock=DURATION",
          "--object-lock-mode");
    }
  }

  @Test
  void limitedBackupAndRestoreCompleteAndTheJsonSummaryCountsRequests() throws Exception {
    assertThat(run("backup", "--repo", repo.toString(), "--limit-upload", "64MiB/s", "--limit-download",
        "64MiB/s", "--json", src.toString())).as(cli.err()).isZero();

    JsonNode requests = Json.mapper().readTree(cli.out()).get("requests");
    assertThat(requests.get("put").asLong()).as("pack, index, snapshot, lock").isGreaterThanOrEqualTo(4);
    assertThat(requests.get("total").asLong()).isEqualTo(requests.get("put").asLong()
        + requests.get("open").asLong() + requests.get("stat").asLong() + requests.get("list").asLong()
        + requests.get("delete").asLong());

    Path target = tmp.resolve("restored");
    assertThat(run("restore", "latest", "--repo", repo.toString(), "--limit-download", "64MiB/s", "--target",
        target.toString())).as(cli.err()).isZero();
    assertThat(Files.readString(target.resolve("1.sst"))).isEqualTo(Files.readString(src.resolve("1.sst")));
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(run("snapshots", "--repo", repo.toString(), "--limit-upload", "fast")).isEqualTo(2);
    assertThat(cli.err()).contains("--limit-upload", "not a rate");
    assertThat(run("snapshots", "--repo", repo.toString(), "--upload-concurrency", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("--upload-concurrency must be at least 1");
    assertThat(run("snapshots", "--repo", repo.toString(), "--endpoint", "http://")).isEqualTo(2);
    assertThat(cli.err()).contains("--endpoint");
    assertThat(run("snapshots", "--repo", repo.toString(), "--object-lock", "30d", "--object-lock-mode", "strict"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("governance or compliance");
    assertThat(run("snapshots", "--repo", repo.toString(), "--object-lock", "soon")).isEqualTo(2);
    assertThat(cli.err()).contains("--object-lock", "not a duration");
    assertThat(run("prune", "--repo", repo.toString(), "--abandoned-after", "soon")).isEqualTo(2);
    assertThat(cli.err()).contains("not a duration");
    assertThat(cli.out()).as("refused before pruning").isEmpty();
  }

  @Test
  void objectLockOnALocalRepositoryIsRefusedInOneLine() {
    assertThat(run("backup", "--repo", repo.toString(), "--object-lock", "30d", src.toString())).isEqualTo(1);

    assertThat(cli.err().lines().findFirst().orElseThrow())
        .startsWith("pouch: ")
        .contains("object lock is supported on s3:// and azure:// repositories only");
    assertThat(cli.err()).doesNotContain("\tat ");
  }

  @Test
  void theOptionsFeedTheLocationOverrides() {
    StorageOptions options = new StorageOptions();
    options.partSize = 32L << 20;
    options.uploadConcurrency = 8;
    options.endpoint = "minio.local:9000";
    options.pathStyle = true;
    options.objectLock = "7d";
    options.objectLockMode = "compliance";

    var overrides = options.overrides();

    assertThat(overrides.partSizeBytes()).hasValue(32L << 20);
    assertThat(overrides.uploadConcurrency()).hasValue(8);
    assertThat(overrides.endpoint()).hasValueSatisfying(u -> assertThat(u).hasToString("http://minio.local:9000"));
    assertThat(overrides.pathStyle()).contains(true);
    assertThat(overrides.objectLock()).hasValueSatisfying(lock -> {
      assertThat(lock.mode()).isEqualTo(dev.pouch.storage.ObjectLock.Mode.COMPLIANCE);
      assertThat(lock.period()).isEqualTo(java.time.Duration.ofDays(7));
      assertThat(lock.appliesTo(dev.pouch.storage.BlobKey.of("locks/x"))).isFalse();
      assertThat(lock.appliesTo(dev.pouch.storage.BlobKey.of("index/x"))).isFalse();
      assertThat(lock.appliesTo(dev.pouch.storage.BlobKey.of("data/00/x"))).isTrue();
      assertThat(lock.appliesTo(dev.pouch.storage.BlobKey.of("snapshots/x"))).isTrue();
    });
  }
}
