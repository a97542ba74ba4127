package dev.pouch.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.it.reliability.PouchResult;
import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.it.storage.KilledS3Uploader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A process killed in the middle of a multipart upload of a pack leaves no visible object, only invisible parts;
 * the next {@code pouch prune} aborts that upload, so no parts stay behind (and billed). Prune's default age of one
 * hour protects uploads that may still be running; {@code --abandoned-after} shortens it.
 */
@ExtendWith(TestServers.class)
class S3KilledUploadIT {

  private static final String PACK = "data/ab/ab" + "0".repeat(62);

  @TempDir Path tmp;

  @Test
  void theNextPruneAbortsTheKilledUploadAndNoPartsRemain(S3ProxyServer server) throws Exception {
    CloudTarget target = CloudTarget.s3(server);
    String bucket = target.container();
    PouchCli pouch = PouchCli.with(target.env(), tmp.resolve("logs"));
    assertThat(pouch.run("init", "--repo", target.url(), "--insecure-fast-kdf").exitCode()).isZero();

    killMidUpload(server, bucket, "repo/" + PACK);

    assertThat(pending(server, bucket)).as("the killed upload").hasSize(1);
    assertThat(exists(server, bucket, "repo/" + PACK)).as("no object under the final name").isFalse();

    PouchResult young = pouch.run("prune", "--repo", target.url());
    assertThat(young.exitCode()).as(young.describe()).isZero();
    assertThat(pending(server, bucket)).as("an upload younger than an hour may still be running").hasSize(1);

    PouchResult prune = pouch.run("prune", "--repo", target.url(), "--abandoned-after", "0s", "--json");
    assertThat(prune.exitCode()).as(prune.describe()).isZero();
    assertThat(prune.out()).contains("\"uploadsAborted\":1");
    assertThat(pending(server, bucket)).as("no orphan parts after the next run").isEmpty();
    assertThat(exists(server, bucket, "repo/" + PACK)).isFalse();
    PouchResult verify = pouch.run("verify", "--read-data", "--repo", target.url());
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
  }

  /** Runs {@link KilledS3Uploader} until it has sent two parts of four, then kills it as an OOM killer would. */
  private static void killMidUpload(S3ProxyServer server, String bucket, String key) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), KilledS3Uploader.class.getName(),
        server.endpoint().toString(), bucket, key).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        lines.add(line);
      }
      assertThat(line).as("uploader output: %s", lines).isEqualTo("READY");
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<MultipartUpload> pending(S3ProxyServer server, String bucket) {
    return server.adminClient().listMultipartUploads(b -> b.bucket(bucket).prefix("repo/")).uploads();
  }

  private static boolean exists(S3ProxyServer server, String bucket, String key) {
    try {
      server.adminClient().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }
}
