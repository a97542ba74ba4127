package dev.pouch.it.storage;

import static dev.pouch.it.storage.StorageErrorAssertions.everyOperationFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.location.LocationOverrides;
import dev.pouch.storage.location.StorageLocation;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Azure through {@link StorageLocation} and Azure's environment variables, and its failures, against Azurite. */
@ExtendWith(TestServers.class)
class AzureErrorMappingIT {

  private static final LocationOverrides FEW_RETRIES = LocationOverrides.builder().maxAttempts(2).build();

  private final AzuriteServer server;

  AzureErrorMappingIT(AzuriteServer server) {
    this.server = server;
  }

  private static StorageBackend open(String url, String connectionString) throws StorageException {
    return StorageLocation.parse(url).open(Map.of("AZURE_STORAGE_CONNECTION_STRING", connectionString), FEW_RETRIES);
  }

  @Test
  void environmentConventionsReachTheServer() throws Exception {
    String container = server.createContainer();
    try (StorageBackend backend = open("azure://" + container + "/repo", server.connectionString())) {
      backend.put(BlobKey.of("config"), BlobContent.of(new byte[] {7}), PutMode.CREATE_IF_ABSENT);
      try (InputStream in = backend.open(BlobKey.of("config"))) {
        assertThat(in.readAllBytes()).containsExactly(7);
      }
    }
    assertThat(server.adminClient().getBlobContainerClient(container).getBlobClient("repo/config").exists())
        .isTrue();
  }

  @Test
  void missingContainerIsContainerMissing() throws Exception {
    try (StorageBackend backend = open("azure://no-such-container/repo", server.connectionString())) {
      everyOperationFailsWith(backend, StorageException.ContainerMissing.class, "container does not exist");
    }
  }

  @Test
  void wrongAccountKeyIsAccessDenied() throws Exception {
    String container = server.createContainer();
    String wrongKey = Base64.getEncoder().encodeToString(new byte[64]);
    try (StorageBackend backend = open("azure://" + container, server.connectionString(wrongKey))) {
      everyOperationFailsWith(backend, StorageException.AccessDenied.class, "access denied");
    }
  }

  @Test
  void closedPortIsTransientCannotReach() throws Exception {
    String endpoint = "http://127.0.0.1:" + TestServers.unusedPort() + "/" + AzuriteServer.ACCOUNT;
    String connectionString = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey="
        + AzuriteServer.ACCOUNT_KEY + ";BlobEndpoint=" + endpoint + ";";
    try (StorageBackend backend = open("azure://some-container", connectionString)) {
      everyOperationFailsWith(backend, StorageException.Transient.class,
          "cannot reach " + endpoint + ": connection refused");
    }
  }
}
