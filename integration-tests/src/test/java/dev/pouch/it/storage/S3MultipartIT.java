package dev.pouch.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.s3.S3BackendConfig;
import dev.pouch.storage.s3.S3StorageBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** S3 multipart uploads against S3Proxy: parts really used, failures aborted, killed uploads swept later. */
@ExtendWith(TestServers.class)
class S3MultipartIT {

  private static final long PART = S3BackendConfig.MIN_PART_SIZE_BYTES;

  private final S3ProxyServer server;
  private final String bucket;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  S3MultipartIT(S3ProxyServer server) {
    this.server = server;
    this.bucket = server.createBucket();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private S3StorageBackend backend(String prefix, Clock clock) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    closeables.add(pool::shutdownNow);
    S3StorageBackend backend = S3StorageBackend.create(server.configFor(bucket).prefix(prefix)
        .partSizeBytes(PART).multipartThresholdBytes(PART).uploadConcurrency(2).build(), pool, clock);
    closeables.add(0, backend);
    return backend;
  }

  private List<MultipartUpload> pendingUploads(String prefix) {
    return server.adminClient().listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void largePutIsOneMultipartObjectOfAllItsParts() throws Exception {
    S3StorageBackend backend = backend("assembled", Clock.systemUTC());
    byte[] bytes = random((int) (2 * PART + 1), 1);

    backend.put(BlobKey.of("pack"), BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);

    String etag = server.adminClient().headObject(b -> b.bucket(bucket).key("assembled/pack")).eTag();
    assertThat(etag).as("multipart ETags end in -<parts>").endsWith("-3\"");
    try (InputStream in = backend.open(BlobKey.of("pack"))) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(pendingUploads("assembled/")).isEmpty();
  }

  @Test
  void contentFailingMidUploadAbortsTheUploadAndLeavesNoObject() throws Exception {
    S3StorageBackend backend = backend("failing", Clock.systemUTC());
    BlobContent failsInThirdPart = new BlobContent() {
      @Override
      public long length() {
        return 4 * PART;
      }

      @Override
      public InputStream open(long offset, long length) throws IOException {
        if (offset >= 2 * PART) {
          throw new IOException("source vanished (injected)");
        }
        return new java.io.ByteArrayInputStream(new byte[(int) length]);
      }
    };

    assertThatThrownBy(() -> backend.put(BlobKey.of("pack"), failsInThirdPart, PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class)
        .hasMessageContaining("source vanished");

    assertThat(backend.stat(BlobKey.of("pack"))).isEmpty();
    assertThat(pendingUploads("failing/")).as("the failed upload was aborted").isEmpty();
  }

  @Test
  void racingMultipartCreatesHaveOneWinnerAndNoLeftoverUploads() throws Exception {
    S3StorageBackend backend = backend("race", Clock.systemUTC());
    byte[] first = random((int) (PART + 10), 2);
    byte[] second = random((int) (PART + 20), 3);
    ExecutorService writers = Executors.newFixedThreadPool(2);
    closeables.add(writers::shutdownNow);
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    for (byte[] content : List.of(first, second)) {
      outcomes.add(writers.submit(() -> {
        start.await();
        try {
          backend.put(BlobKey.of("lock"), BlobContent.of(content), PutMode.CREATE_IF_ABSENT);
          return true;
        } catch (StorageException.AlreadyExists lost) {
          return false;
        }
      }));
    }
    boolean firstWon = outcomes.get(0).get();
    boolean secondWon = outcomes.get(1).get();

    assertThat(firstWon ^ secondWon).as("exactly one winner").isTrue();
    try (InputStream in = backend.open(BlobKey.of("lock"))) {
      assertThat(in.readAllBytes()).isEqualTo(firstWon ? first : second);
    }
    assertThat(pendingUploads("race/")).as("the loser's upload was aborted").isEmpty();
  }

  @Test
  void killedUploadLeavesNoObjectAndAbortStaleUploadsRemovesItsParts() throws Exception {
    String prefix = "killed";
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), KilledS3Uploader.class.getName(),
        server.endpoint().toString(), bucket, prefix + "/pack")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        lines.add(line);
      }
      assertThat(line).as("child output: %s", lines).isEqualTo("READY");
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    S3StorageBackend now = backend(prefix, Clock.systemUTC());
    assertThat(now.stat(BlobKey.of("pack"))).as("no object under the final name").isEmpty();
    List<MultipartUpload> orphans = pendingUploads(prefix + "/");
    assertThat(orphans).hasSize(1);
    assertThat(server.adminClient().listParts(b -> b.bucket(bucket).key(prefix + "/pack")
        .uploadId(orphans.get(0).uploadId())).parts()).as("parts of the killed upload").hasSize(2);

    assertThat(now.abortStaleUploads(Duration.ofHours(1))).as("too young to abort").isZero();
    assertThat(pendingUploads(prefix + "/")).hasSize(1);

    S3StorageBackend twoHoursLater = backend(prefix, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
    assertThat(twoHoursLater.abortStaleUploads(Duration.ofHours(1))).isEqualTo(1);
    assertThat(pendingUploads(prefix + "/")).isEmpty();
  }

  @Test
  void abortStaleUploadsStaysInsideItsPrefix() throws Exception {
    String other = server.adminClient().createMultipartUpload(b -> b.bucket(bucket).key("elsewhere/x")).uploadId();
    S3StorageBackend scoped = backend("scoped", Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
    server.adminClient().createMultipartUpload(b -> b.bucket(bucket).key("scoped/y"));

    assertThat(scoped.abortStaleUploads(Duration.ZERO)).isEqualTo(1);

    assertThat(pendingUploads("elsewhere/")).extracting(MultipartUpload::uploadId).containsExactly(other);
    assertThat(pendingUploads("scoped/")).isEmpty();
  }
}
