package dev.pouch.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.it.reliability.PouchResult;
import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the storage is not there: a missing bucket or container (exit 5), bad credentials (exit 1
 * with the credentials hint) and an unreachable endpoint (exit 1, within seconds: an endpoint that never answered
 * gets two attempts). Always one {@code pouch:} line, at most one {@code hint:} line, never a stack trace.
 */
@ExtendWith(TestServers.class)
class CloudErrorsIT {

  private static final String CREDENTIALS_HINT =
      "hint: check the credentials for this storage (environment, profile or config file)";
  private static final String REPOSITORY_HINT =
      "hint: check --repo / POUCH_REPOSITORY, or create a repository with 'pouch init'";

  @TempDir Path tmp;

  private PouchResult run(CloudTarget target, String... args) throws Exception {
    return PouchCli.with(target.env(), tmp.resolve("logs")).run(args);
  }

  // ---------------------------------------------------------------- missing bucket or container: exit 5

  @Test
  void missingS3Bucket(S3ProxyServer server) throws Exception {
    missing(CloudTarget.s3(server).at("s3://no-such-bucket-" + System.nanoTime() + "/repo"), "bucket does not exist");
  }

  @Test
  void missingGcsBucket(FakeGcsServer server) throws Exception {
    missing(CloudTarget.gcs(server).at("gs://no-such-bucket-" + System.nanoTime() + "/repo"),
        "bucket does not exist");
  }

  @Test
  void missingAzureContainer(AzuriteServer server) throws Exception {
    missing(CloudTarget.azure(server).at("azure://no-such-container-" + System.nanoTime() + "/repo"),
        "container does not exist");
  }

  private void missing(CloudTarget target, String reason) throws Exception {
    PouchResult init = run(target, "init", "--repo", target.url(), "--insecure-fast-kdf");
    assertOneLine(init, 5, reason);
    assertThat(init.err()).contains(REPOSITORY_HINT);
    PouchResult backup = run(target, "backup", "--repo", target.url(), tmp.toString());
    assertOneLine(backup, 5, reason);
  }

  // ---------------------------------------------------------------- bad credentials: exit 1, credentials hint

  @Test
  void wrongS3Secret(S3ProxyServer server) throws Exception {
    CloudTarget target = CloudTarget.s3(server).withEnv("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    PouchResult result = run(target, "snapshots", "--repo", target.url());
    assertOneLine(result, 1, "access denied");
    assertThat(result.err()).contains(CREDENTIALS_HINT).doesNotContain("not-the-secret");
  }

  @Test
  void gcsRequestWithoutTheTokenItNeeds(FakeGcsServer server) throws Exception {
    CloudTarget target = CloudTarget.gcs(server);
    server.requireToken(target.container(), "a-token-the-cli-does-not-have");
    PouchResult result = run(target, "snapshots", "--repo", target.url());
    assertOneLine(result, 1, "access denied");
    assertThat(result.err()).contains(CREDENTIALS_HINT);
  }

  @Test
  void wrongAzureAccountKey(AzuriteServer server) throws Exception {
    String wrongKey = Base64.getEncoder().encodeToString(new byte[64]);
    CloudTarget target = CloudTarget.azure(server)
        .withEnv("AZURE_STORAGE_CONNECTION_STRING", server.connectionString(wrongKey));
    PouchResult result = run(target, "snapshots", "--repo", target.url());
    assertOneLine(result, 1, "access denied");
    assertThat(result.err()).contains(CREDENTIALS_HINT).doesNotContain(wrongKey);
  }

  // ---------------------------------------------------------------- unreachable endpoint: exit 1, fast

  @Test
  void unreachableS3Endpoint(S3ProxyServer server) throws Exception {
    String endpoint = "http://127.0.0.1:" + TestServers.unusedPort();
    CloudTarget target = CloudTarget.s3(server).withEnv("AWS_ENDPOINT_URL_S3", endpoint);
    unreachable(target, "cannot reach " + endpoint + ": connection refused");

    // the operation-level retry layer tried twice (one earlier failure is attached to the last)
    PouchResult verbose = run(target, "snapshots", "--verbose", "--repo", target.url());
    assertThat(verbose.exitCode()).isEqualTo(1);
    List<String> retries = verbose.err().lines()
        .filter(l -> l.startsWith("\tSuppressed: dev.pouch.storage.StorageException$Transient")).toList();
    assertThat(retries).as(verbose.describe()).hasSize(1);
  }

  @Test
  void unreachableGcsHost(FakeGcsServer server) throws Exception {
    int port = TestServers.unusedPort();
    CloudTarget target = CloudTarget.gcs(server).withEnv("STORAGE_EMULATOR_HOST", "127.0.0.1:" + port);
    unreachable(target, "cannot reach http://127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void unreachableAzureEndpoint(AzuriteServer server) throws Exception {
    String endpoint = "http://127.0.0.1:" + TestServers.unusedPort() + "/" + AzuriteServer.ACCOUNT;
    CloudTarget target = CloudTarget.azure(server).withEnv("AZURE_STORAGE_CONNECTION_STRING",
        "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey="
            + AzuriteServer.ACCOUNT_KEY + ";BlobEndpoint=" + endpoint + ";");
    unreachable(target, "cannot reach " + endpoint + ": connection refused");
  }

  private void unreachable(CloudTarget target, String reason) throws Exception {
    long start = System.nanoTime();
    PouchResult result = run(target, "snapshots", "--repo", target.url());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertOneLine(result, 1, reason);
    record("unreachable.txt", target.name() + ": 'pouch snapshots' failed after " + millis + " ms (JVM start "
        + "included)");
  }

  private static void assertOneLine(PouchResult result, int code, String reason) {
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(code);
    assertThat(result.showsJavaInternals()).as(result.describe()).isFalse();
    List<String> lines = result.err().lines().toList();
    assertThat(lines).as(result.describe()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    assertThat(lines.get(0)).startsWith("pouch: ").contains(reason);
    if (lines.size() == 2) {
      assertThat(lines.get(1)).startsWith("hint: ");
    }
  }

  /** Appends a figure to {@code target/cloud/<file>} (not an assertion: the machines' speed varies). */
  static void record(String file, String line) throws IOException {
    Path dir = Path.of(System.getProperty("pouch.it.work.dir", "target/it-work")).toAbsolutePath().getParent()
        .resolve("cloud");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
