package dev.pouch.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.gcs.GcsBackendConfig;
import dev.pouch.storage.gcs.GcsStorageBackend;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The GCS backend against the fake's fault hooks: resumable uploads really chunked, short acknowledgements resent,
 * 5xx and 429 retried by the client within its attempt budget, and what is left to the caller once it is spent.
 */
@ExtendWith(TestServers.class)
class GcsFaultIT {

  private static final int CHUNK = GcsBackendConfig.CHUNK_GRANULARITY_BYTES;

  private final FakeGcsServer server;
  private final String bucket;
  private final GcsStorageBackend backend;

  GcsFaultIT(FakeGcsServer server) throws Exception {
    this.server = server;
    this.bucket = server.createBucket();
    this.backend = GcsStorageBackend.create(server.configFor(bucket)
        .chunkSizeBytes(CHUNK).resumableThresholdBytes(4L * CHUNK).maxAttempts(3).build());
  }

  @AfterEach
  void close() throws Exception {
    backend.close();
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private long count(String fragment) {
    return server.requests(bucket).stream().filter(r -> r.contains(fragment)).count();
  }

  private long chunkPuts() {
    return server.requests(bucket).stream().filter(r -> r.startsWith("PUT ") && r.contains("upload_id=")).count();
  }

  @Test
  void largePutIsOneResumableSessionOfChunks() throws Exception {
    byte[] bytes = random(5 * CHUNK + 1000);

    backend.put(BlobKey.of("pack"), BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);

    assertThat(server.requests(bucket).stream()
        .filter(r -> r.startsWith("POST ") && r.contains("uploadType=resumable")).count()).as("session starts")
        .isEqualTo(1);
    assertThat(count("uploadType=multipart")).isZero();
    assertThat(chunkPuts()).as("one request per chunk").isEqualTo(6);
    assertThat(count("ifGenerationMatch=0")).as("the create is conditional").isEqualTo(1);
    assertThat(server.objectData(bucket, "pack")).isEqualTo(bytes);
  }

  @Test
  void smallPutIsOneMultipartRequestWithoutGzip() throws Exception {
    byte[] bytes = random(1000);

    backend.put(BlobKey.of("small"), BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);

    assertThat(count("uploadType=multipart")).isEqualTo(1);
    assertThat(server.objectData(bucket, "small")).isEqualTo(bytes);
  }

  @Test
  void shortAcknowledgedChunkIsResentAndTheObjectIsIntact() throws Exception {
    byte[] bytes = random(5 * CHUNK + 1000);
    // chunks of two granules, so that a short acknowledgement still confirms the first granule (a 308 confirming
    // nothing at all makes the client give up, which the retry decorator above the backend handles)
    try (GcsStorageBackend twoGranules = GcsStorageBackend.create(server.configFor(bucket)
        .chunkSizeBytes(2 * CHUNK).resumableThresholdBytes(4L * CHUNK).build())) {
      server.shortAcknowledgeNextChunk(bucket, 1000);

      twoGranules.put(BlobKey.of("resent"), BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    }

    assertThat(chunkPuts()).as("three chunks, and the unacknowledged half of the first again").isGreaterThan(3);
    assertThat(server.objectData(bucket, "resent")).isEqualTo(bytes);
  }

  @Test
  void serviceUnavailableIsRetriedByTheClientForConditionalCreates() throws Exception {
    server.failNext(bucket, 2, 503);

    backend.put(BlobKey.of("retried"), BlobContent.of(random(100)), PutMode.CREATE_IF_ABSENT);

    assertThat(count("uploadType=multipart")).as("two failures and the success").isEqualTo(3);
    assertThat(backend.stat(BlobKey.of("retried"))).isPresent();
  }

  @Test
  void throttlingBeyondTheAttemptBudgetIsTransientAfterThreeAttempts() {
    server.failNext(bucket, 5, 429);

    assertThatThrownBy(() -> backend.stat(BlobKey.of("anything")))
        .isInstanceOf(StorageException.Transient.class)
        .hasMessageContaining("429");

    assertThat(server.requests(bucket)).as("maxAttempts(3)").hasSize(3); // each test has its own bucket
  }

  @Test
  void droppedDownloadNeverYieldsWrongBytes() throws Exception {
    byte[] bytes = random(3 * CHUNK);
    backend.put(BlobKey.of("dropped"), BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    server.dropNextDownload(bucket, 100_000);

    byte[] read;
    try (InputStream in = backend.open(BlobKey.of("dropped"))) {
      read = in.readAllBytes();
    }

    // the client resumes a dropped download from the last byte it received (pinned to the same generation)
    assertThat(read).isEqualTo(bytes);
    List<String> downloads = server.requests(bucket).stream().filter(r -> r.contains("alt=media")).toList();
    assertThat(downloads).as("the dropped download and its resumption").hasSizeGreaterThanOrEqualTo(2);
  }
}
