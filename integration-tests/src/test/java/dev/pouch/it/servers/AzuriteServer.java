package dev.pouch.it.servers;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.pouch.storage.azure.AzureBackendConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Azurite 3.37.0's blob service as a child {@code node} process (installed by the build with {@code npm ci} into
 * {@code target/azurite}), persisting under {@code target/it-work}. Uses the well-known public development account.
 * One per test JVM through {@link TestServers}.
 */
public final class AzuriteServer implements AutoCloseable {

  public static final String ACCOUNT = "devstoreaccount1";
  /** The public, documented key of Azurite's development account; not a secret. */
  public static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final Path workDir;
  private final ServerProcess process;
  private final BlobServiceClient adminClient;

  private AzuriteServer(Path workDir, ServerProcess process) {
    this.workDir = workDir;
    this.process = process;
    this.adminClient = new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
  }

  /** Starts a fresh server; prefer the shared one from {@link TestServers}. */
  public static AzuriteServer start() throws IOException {
    Path main = Path.of(System.getProperty("pouch.it.azurite.main",
        "target/azurite/node_modules/azurite/dist/src/blob/main.js"));
    if (!Files.isRegularFile(main)) {
      throw new IOException("Azurite missing at " + main + "; run the build's process-test-resources phase");
    }
    Path workDir = WorkDirectories.fresh("azurite");
    Path location = Files.createDirectories(workDir.resolve("data"));
    ServerProcess process = ServerProcess.start("azurite", 0, port -> List.of(
        "node", main.toString(),
        "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
        "--location", location.toString(),
        // the client sends an x-ms-version newer than Azurite 3.37.0 knows; without this every call is a 400
        "--skipApiVersionCheck",
        "--loose", "--disableTelemetry", "--silent"),
        port -> URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT + "?comp=list"),
        WorkDirectories.logFile("azurite"));
    return new AzuriteServer(workDir, process);
  }

  public int port() {
    return process.port();
  }

  public URI blobEndpoint() {
    return URI.create("http://127.0.0.1:" + process.port() + "/" + ACCOUNT);
  }

  /** The connection string of the development account on this server. Contains the (public) account key. */
  public String connectionString() {
    return connectionString(ACCOUNT_KEY);
  }

  /** The same connection string with another account key, for access-denied tests. */
  public String connectionString(String accountKey) {
    return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + accountKey
        + ";BlobEndpoint=" + blobEndpoint() + ";";
  }

  /** A new container with a random name. */
  public String createContainer() {
    String container = "it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20)
        .toLowerCase(Locale.ROOT);
    adminClient.createBlobContainer(container);
    return container;
  }

  /** A backend configuration for {@code container} on this server, with few retries and short timeouts. */
  public AzureBackendConfig.Builder configFor(String container) {
    return AzureBackendConfig.builder(container, new AzureBackendConfig.ConnectionString(connectionString()))
        .maxAttempts(2)
        .tryTimeout(Duration.ofSeconds(20))
        .retryDelay(Duration.ofMillis(100));
  }

  /** A raw SDK client on this server, for looking behind the backend. */
  public BlobServiceClient adminClient() {
    return adminClient;
  }

  @Override
  public void close() {
    process.close();
    WorkDirectories.deleteTree(workDir);
  }
}
