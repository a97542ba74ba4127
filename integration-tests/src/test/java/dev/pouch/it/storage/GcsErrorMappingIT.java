package dev.pouch.it.storage;

import static dev.pouch.it.storage.StorageErrorAssertions.everyOperationFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.gcs.GcsBackendConfig;
import dev.pouch.storage.gcs.GcsStorageBackend;
import dev.pouch.storage.location.LocationOverrides;
import dev.pouch.storage.location.StorageLocation;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GCS through {@link StorageLocation} and {@code STORAGE_EMULATOR_HOST}, and its failures, against the fake. */
@ExtendWith(TestServers.class)
class GcsErrorMappingIT {

  private static final LocationOverrides FEW_RETRIES = LocationOverrides.builder().maxAttempts(2).build();

  private final FakeGcsServer server;

  GcsErrorMappingIT(FakeGcsServer server) {
    this.server = server;
  }

  private static StorageBackend open(String url, String emulatorHost) throws StorageException {
    return StorageLocation.parse(url).open(Map.of("STORAGE_EMULATOR_HOST", emulatorHost), FEW_RETRIES);
  }

  @Test
  void environmentConventionsReachTheServer() throws Exception {
    String bucket = server.createBucket();
    try (StorageBackend backend = open("gs://" + bucket + "/repo", "127.0.0.1:" + server.port())) {
      backend.put(BlobKey.of("config"), BlobContent.of(new byte[] {7}), PutMode.CREATE_IF_ABSENT);
      try (InputStream in = backend.open(BlobKey.of("config"))) {
        assertThat(in.readAllBytes()).containsExactly(7);
      }
    }
    assertThat(server.objectData(bucket, "repo/config")).containsExactly(7);
  }

  @Test
  void missingBucketIsContainerMissing() throws Exception {
    try (StorageBackend backend = open("gs://no-such-bucket-here/repo", server.host().toString())) {
      everyOperationFailsWith(backend, StorageException.ContainerMissing.class, "bucket does not exist");
    }
  }

  @Test
  void rejectedTokenIsAccessDenied() throws Exception {
    String bucket = server.createBucket();
    server.requireToken(bucket, "the-right-token");
    try (StorageBackend backend = GcsStorageBackend.create(server.configFor(bucket)
        .credentials(new GcsBackendConfig.AccessToken("a-wrong-token")).build())) {
      everyOperationFailsWith(backend, StorageException.AccessDenied.class, "access denied");
    }
    try (StorageBackend backend = GcsStorageBackend.create(server.configFor(bucket)
        .credentials(new GcsBackendConfig.AccessToken("the-right-token")).build())) {
      backend.put(BlobKey.of("config"), BlobContent.of(new byte[] {1}), PutMode.CREATE_IF_ABSENT);
      assertThat(backend.stat(BlobKey.of("config"))).isPresent();
    }
  }

  @Test
  void closedPortIsTransientCannotReach() throws Exception {
    String host = "http://127.0.0.1:" + TestServers.unusedPort();
    try (StorageBackend backend = open("gs://some-bucket", host)) {
      everyOperationFailsWith(backend, StorageException.Transient.class,
          "cannot reach " + host + ": connection refused");
    }
  }
}
