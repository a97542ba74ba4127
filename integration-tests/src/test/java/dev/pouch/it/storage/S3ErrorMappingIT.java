package dev.pouch.it.storage;

import static dev.pouch.it.storage.StorageErrorAssertions.everyOperationFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.location.LocationOverrides;
import dev.pouch.storage.location.StorageLocation;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** S3 through {@link StorageLocation} and AWS's environment variables, and its failures, against S3Proxy. */
@ExtendWith(TestServers.class)
class S3ErrorMappingIT {

  private static final LocationOverrides FEW_RETRIES = LocationOverrides.builder().maxAttempts(2).build();

  private final S3ProxyServer server;

  S3ErrorMappingIT(S3ProxyServer server) {
    this.server = server;
  }

  private Map<String, String> env(String endpoint, String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.put("AWS_REGION", S3ProxyServer.REGION);
    return env;
  }

  private StorageBackend open(String url, Map<String, String> env) throws StorageException {
    return StorageLocation.parse(url).open(env, FEW_RETRIES);
  }

  @Test
  void environmentConventionsReachTheServer() throws Exception {
    String bucket = server.createBucket();
    try (StorageBackend backend = open("s3://" + bucket + "/repo",
        env(server.endpoint().toString(), S3ProxyServer.SECRET_KEY))) {
      backend.put(BlobKey.of("config"), BlobContent.of(new byte[] {7}), PutMode.CREATE_IF_ABSENT);
      try (InputStream in = backend.open(BlobKey.of("config"))) {
        assertThat(in.readAllBytes()).containsExactly(7);
      }
    }
    assertThat(server.adminClient().headObject(b -> b.bucket(bucket).key("repo/config")).contentLength())
        .isEqualTo(1L);
  }

  @Test
  void missingBucketIsContainerMissing() throws Exception {
    try (StorageBackend backend = open("s3://no-such-bucket-here/repo",
        env(server.endpoint().toString(), S3ProxyServer.SECRET_KEY))) {
      everyOperationFailsWith(backend, StorageException.ContainerMissing.class, "bucket does not exist");
    }
  }

  @Test
  void wrongSecretIsAccessDenied() throws Exception {
    String bucket = server.createBucket();
    try (StorageBackend backend = open("s3://" + bucket, env(server.endpoint().toString(), "wrong-secret"))) {
      everyOperationFailsWith(backend, StorageException.AccessDenied.class, "access denied");
    }
  }

  @Test
  void closedPortIsTransientCannotReach() throws Exception {
    String endpoint = "http://127.0.0.1:" + TestServers.unusedPort();
    try (StorageBackend backend = open("s3://some-bucket", env(endpoint, S3ProxyServer.SECRET_KEY))) {
      everyOperationFailsWith(backend, StorageException.Transient.class,
          "cannot reach " + endpoint + ": connection refused");
    }
  }
}
