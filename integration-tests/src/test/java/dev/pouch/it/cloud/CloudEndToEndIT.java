package dev.pouch.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.it.reliability.CaptureComparison;
import dev.pouch.it.reliability.PouchResult;
import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import dev.pouch.wombat.state.RestoreCheckOptions;
import dev.pouch.wombat.state.RestoreCheckReport;
import dev.pouch.wombat.state.WombatRestoreCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init}, {@code backup} of a Wombat directory and of a plain one, {@code snapshots}, {@code restore} and
 * {@code verify --read-data}, each a separate {@code java -jar pouch.jar} process, on S3 (S3Proxy), GCS (the fake
 * server) and Azure (Azurite), configured only through each cloud's environment variables. The plain restore must be
 * byte-identical; the Wombat restore is verified by meaning (by pouch itself, and here again independently).
 */
@ExtendWith(TestServers.class)
class CloudEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path sources;
  private static Path wombat;
  private static Path plain;

  @TempDir Path tmp;

  @BeforeAll
  static void generate() throws IOException {
    wombat = sources.resolve("wombat");
    WombatSimulator.generate(wombat, 4L << 20, Mix.BALANCED);
    plain = Files.createDirectories(sources.resolve("plain"));
    Random random = new Random(6);
    for (int i = 0; i < 5; i++) {
      byte[] bytes = new byte[(1 << 20) + random.nextInt(1 << 20)];
      random.nextBytes(bytes);
      Files.write(Files.createDirectories(plain.resolve("dir-" + i % 2)).resolve("file-" + i + ".bin"), bytes);
    }
    Files.writeString(plain.resolve("notes.txt"), "text that compresses well\n".repeat(20_000));
    Files.write(plain.resolve("empty"), new byte[0]);
  }

  @Test
  void s3(S3ProxyServer server) throws Exception {
    CloudTarget target = CloudTarget.s3(server);
    backupRestoreVerify(target);

    // the storage options reach the SDK: the endpoint from --endpoint instead of the environment
    PouchResult listed = cli(target.withoutEnv("AWS_ENDPOINT_URL_S3")).run("snapshots", "--repo", target.url(),
        "--endpoint", server.endpoint().toString(), "--path-style");
    assertThat(listed.exitCode()).as(listed.describe()).isZero();
    assertThat(listed.out()).contains("2 snapshot(s)");
  }

  @Test
  void gcs(FakeGcsServer server) throws Exception {
    backupRestoreVerify(CloudTarget.gcs(server));
  }

  @Test
  void azure(AzuriteServer server) throws Exception {
    backupRestoreVerify(CloudTarget.azure(server));
  }

  private PouchCli cli(CloudTarget target) throws IOException {
    return PouchCli.with(target.env(), tmp.resolve("logs"));
  }

  private void backupRestoreVerify(CloudTarget target) throws Exception {
    PouchCli pouch = cli(target);
    String repo = target.url();
    ok(pouch.run("init", "--repo", repo, "--insecure-fast-kdf"));

    JsonNode wombatBackup = json(ok(pouch.run("backup", "--repo", repo, "--host", "it", "--json",
        "--upload-concurrency", "2", "--limit-upload", "512MiB/s", wombat.toString())));
    assertThat(wombatBackup.path("summary").path("packsWritten").asInt()).isPositive();
    assertThat(wombatBackup.path("requests").path("put").asLong()).isPositive();
    JsonNode plainBackup = json(ok(pouch.run("backup", "--repo", repo, "--host", "it", "--json",
        "--source-format", "plain", plain.toString())));
    String wombatId = wombatBackup.path("snapshot").asText();
    String plainId = plainBackup.path("snapshot").asText();

    JsonNode snapshots = json(ok(pouch.run("snapshots", "--repo", repo, "--json")));
    List<String> ids = new ArrayList<>();
    snapshots.forEach(s -> ids.add(s.path("id").asText()));
    assertThat(ids).as(target.name()).containsExactlyInAnyOrder(wombatId, plainId);

    Path wombatRestored = tmp.resolve("wombat-restored");
    JsonNode restored = json(ok(pouch.run("restore", wombatId, "--repo", repo, "--json", "--limit-download",
        "512MiB/s", "--target", wombatRestored.toString())));
    assertThat(restored.path("wombat").path("digestCompared").asBoolean())
        .as("the restore compared its state with the digest recorded at backup").isTrue();
    RestoreCheckReport check = WombatRestoreCheck.check(wombatRestored);
    assertThat(check.errors()).as(target.name()).isEmpty();
    assertThat(check.digest().hex()).isEqualTo(restored.path("wombat").path("digest").asText())
        .isEqualTo(WombatRestoreCheck.check(wombat, wombat, RestoreCheckOptions.forLiveDirectory()).digest().hex());

    Path plainRestored = tmp.resolve("plain-restored");
    ok(pouch.run("restore", plainId, "--repo", repo, "--target", plainRestored.toString()));
    assertThat(CaptureComparison.differences(plain, plainRestored)).as("byte for byte").isEmpty();

    PouchResult verified = ok(pouch.run("verify", "--read-data", "--repo", repo));
    assertThat(verified.out()).contains("no problems found");
  }

  private static PouchResult ok(PouchResult result) {
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.showsJavaInternals()).as(result.describe()).isFalse();
    return result;
  }

  private static JsonNode json(PouchResult result) throws IOException {
    return JSON.readTree(result.out());
  }
}
