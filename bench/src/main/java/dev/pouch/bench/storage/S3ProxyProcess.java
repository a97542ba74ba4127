package dev.pouch.bench.storage;

import dev.pouch.storage.s3.S3BackendConfig;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy 4.1.0 ({@code jar-with-dependencies}) as a child JVM on a free loopback port, keeping objects on disk under
 * a work directory ({@code filesystem} provider), SigV4 checked against a fixed identity. The integration tests have
 * their own copy of this ({@code dev.pouch.it.servers.S3ProxyServer}); bench code cannot use test classes.
 */
final class S3ProxyProcess implements AutoCloseable {

  static final String ACCESS_KEY = "bench-access-key";
  static final String SECRET_KEY = "bench-secret-key";
  static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final S3Client admin;

  private S3ProxyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    this.admin = S3Client.builder().endpointOverride(endpoint()).region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Starts S3Proxy from {@code jar} with {@code java}, data and log under {@code work}; waits until it answers. */
  static S3ProxyProcess start(Path java, Path jar, Path work) throws IOException, InterruptedException {
    Path data = Files.createDirectories(work.resolve("s3proxy-data"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path properties = work.resolve("s3proxy.conf");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        // the SDK sends x-amz-mp-object-size on multipart uploads, which S3Proxy otherwise refuses
        "s3proxy.ignore-unknown-headers=true",
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
        ""), StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-jar", jar.toString(), "--properties",
        properties.toString())).redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile())
        .start();
    S3ProxyProcess server = new S3ProxyProcess(process, port);
    server.awaitReady();
    return server;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A new bucket with a random name. */
  String createBucket() {
    String bucket = "bench-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
        .toLowerCase(Locale.ROOT);
    admin.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** A backend configuration on this server as the CLI would build it from the environment. */
  S3BackendConfig.Builder configFor(String bucket) {
    return S3BackendConfig.builder(bucket).endpoint(endpoint()).region(REGION).pathStyle(true)
        .credentials(S3BackendConfig.S3Credentials.of(ACCESS_KEY, SECRET_KEY)).flexibleChecksums(false);
  }

  /** The environment that points the pouch CLI at {@code bucket} on this server. */
  java.util.Map<String, String> cliEnvironment() {
    return java.util.Map.of("AWS_ENDPOINT_URL_S3", endpoint().toString(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", REGION, "POUCH_S3_PATH_STYLE", "true");
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with " + process.exitValue() + " at start-up");
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.getResponseCode(); // any answer (403 for an anonymous GET /) means it is up
        connection.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IOException("S3Proxy did not answer within 60 s");
  }

  @Override
  public void close() throws InterruptedException {
    admin.close();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
