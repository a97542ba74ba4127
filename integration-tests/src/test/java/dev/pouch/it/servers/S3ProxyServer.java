package dev.pouch.it.servers;

import dev.pouch.storage.s3.S3BackendConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy 4.1.0 as a child JVM (the jar-with-dependencies fetched by the build into {@code target/test-servers}),
 * on the {@code filesystem} provider under {@code target/it-work} (so data survives a restart), with SigV4 checked
 * against a fixed test identity. One per test JVM through {@link TestServers}.
 *
 * <p>Quirk: every S3Proxy 4.x provider ({@code filesystem}, and {@code transient}, an in-memory file system) stores
 * key {@code a/b/c} under a directory {@code a/b}, so a key {@code a/b} cannot exist beside it, as it can on S3.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";
  public static final String REGION = "us-east-1";

  private final Path dataDir;
  private final ServerProcess process;
  private final S3Client adminClient;

  private S3ProxyServer(Path dataDir, ServerProcess process) {
    this.dataDir = dataDir;
    this.process = process;
    this.adminClient = newClient();
  }

  /** Starts a fresh server; prefer the shared one from {@link TestServers}. */
  public static S3ProxyServer start() throws IOException {
    Path jar = Path.of(System.getProperty("pouch.it.s3proxy.jar", "target/test-servers/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IOException("S3Proxy jar missing at " + jar + "; run the build's process-test-resources phase");
    }
    Path workDir = WorkDirectories.fresh("s3proxy");
    Path dataDir = Files.createDirectories(workDir.resolve("data"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ServerProcess process = ServerProcess.start("s3proxy", 0, port -> {
      Path properties = workDir.resolve("s3proxy-" + port + ".conf");
      try {
        Files.writeString(properties, String.join("\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET_KEY,
            // the SDK sends x-amz-mp-object-size on multipart uploads, which S3Proxy otherwise refuses with 501
            "s3proxy.ignore-unknown-headers=true",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + dataDir,
            ""), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return List.of(java.toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-jar", jar.toString(), "--properties", properties.toString());
    }, port -> URI.create("http://127.0.0.1:" + port + "/"), WorkDirectories.logFile("s3proxy"));
    return new S3ProxyServer(workDir, process);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + process.port());
  }

  public int port() {
    return process.port();
  }

  /** A new bucket with a random name, for one test class or test. */
  public String createBucket() {
    String bucket = "it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
    adminClient.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** A backend configuration for {@code bucket} on this server, with few retries and short timeouts. */
  public S3BackendConfig.Builder configFor(String bucket) {
    return S3BackendConfig.builder(bucket)
        .endpoint(endpoint())
        .region(REGION)
        .pathStyle(true)
        .credentials(S3BackendConfig.S3Credentials.of(ACCESS_KEY, SECRET_KEY))
        .flexibleChecksums(false)
        .maxAttempts(2)
        .connectTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(20));
  }

  /** A raw SDK client on this server, for looking behind the backend (multipart uploads, raw objects). */
  public S3Client adminClient() {
    return adminClient;
  }

  @SuppressWarnings("deprecation") // ApacheHttpClient: the synchronous client the backend uses too
  private S3Client newClient() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  @Override
  public void close() {
    adminClient.close();
    process.close();
    WorkDirectories.deleteTree(dataDir);
  }
}
