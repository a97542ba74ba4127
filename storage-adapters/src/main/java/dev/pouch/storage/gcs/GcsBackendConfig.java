package dev.pouch.storage.gcs;

import dev.pouch.storage.BlobContent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link GcsStorageBackend} stores its objects and how it talks to the service.
 *
 * @param bucket the bucket, which must exist
 * @param prefix object-name prefix inside the bucket without leading or trailing slash; empty for the root
 * @param project the project for billing and quota; empty: the one of the credentials or environment
 * @param host a JSON API endpoint other than Google's (an emulator, {@code STORAGE_EMULATOR_HOST}); empty for GCS
 * @param credentials how requests are authorised
 * @param chunkSizeBytes bytes per request of a resumable upload; a multiple of 256 KiB, at most
 *     {@link BlobContent#MAX_READ_BYTES}
 * @param resumableThresholdBytes puts of at least this many bytes use a resumable upload instead of one request; at
 *     most {@link BlobContent#MAX_READ_BYTES}, as a single put is held in one array
 * @param maxAttempts attempts per call by the client's retry policy (1 = no retries)
 * @param totalRetryTimeout longest time a call may spend retrying
 * @param connectTimeout TCP connect timeout
 * @param readTimeout longest wait for data on an open connection
 * @param listPageSize object names asked for per list request (at most 1000)
 */
public record GcsBackendConfig(
    String bucket,
    String prefix,
    Optional<String> project,
    Optional<URI> host,
    Credentials credentials,
    int chunkSizeBytes,
    long resumableThresholdBytes,
    int maxAttempts,
    Duration totalRetryTimeout,
    Duration connectTimeout,
    Duration readTimeout,
    int listPageSize) {

  /** Resumable chunks must be multiples of this. */
  public static final int CHUNK_GRANULARITY_BYTES = 256 * 1024;
  public static final int DEFAULT_CHUNK_SIZE_BYTES = 16 * 1024 * 1024;
  public static final long DEFAULT_RESUMABLE_THRESHOLD_BYTES = 32L * 1024 * 1024;
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  public GcsBackendConfig {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(totalRetryTimeout, "totalRetryTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
      throw new IllegalArgumentException("invalid GCS bucket name '" + bucket
          + "': lowercase letters, digits, dots, hyphens and underscores");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("GCS prefix must not start or end with '/' or contain '//': " + prefix);
    }
    if (chunkSizeBytes < CHUNK_GRANULARITY_BYTES || chunkSizeBytes % CHUNK_GRANULARITY_BYTES != 0
        || chunkSizeBytes > BlobContent.MAX_READ_BYTES) {
      throw new IllegalArgumentException("chunkSizeBytes must be a positive multiple of 256 KiB of at most 2047 MiB "
          + "(a chunk is held in one byte array): " + chunkSizeBytes);
    }
    if (resumableThresholdBytes < 1 || resumableThresholdBytes > BlobContent.MAX_READ_BYTES) {
      throw new IllegalArgumentException("resumableThresholdBytes must be between 1 byte and 2047 MiB (a single put "
          + "is held in one byte array): " + resumableThresholdBytes);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException("listPageSize must be between 1 and 1000: " + listPageSize);
    }
    for (Duration d : new Duration[] {totalRetryTimeout, connectTimeout, readTimeout}) {
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("timeouts must be positive: " + d);
      }
    }
  }

  /** A builder with the defaults: Google's endpoint, application default credentials, 16 MiB chunks from 32 MiB. */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(bucket);
    b.prefix = prefix;
    b.project = project;
    b.host = host;
    b.credentials = credentials;
    b.chunkSizeBytes = chunkSizeBytes;
    b.resumableThresholdBytes = resumableThresholdBytes;
    b.maxAttempts = maxAttempts;
    b.totalRetryTimeout = totalRetryTimeout;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.listPageSize = listPageSize;
    return b;
  }

  /** How requests are authorised. No {@code toString()} shows a secret. */
  public sealed interface Credentials
      permits ApplicationDefault, NoCredentials, ServiceAccountKeyFile, AccessToken {}

  /**
   * Google's application default credentials: {@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's login, or the
   * metadata server of GCE/GKE/Cloud Run.
   */
  public record ApplicationDefault() implements Credentials {}

  /** No authorisation at all: for emulators. */
  public record NoCredentials() implements Credentials {}

  /** A service account key (JSON) file. */
  public record ServiceAccountKeyFile(Path file) implements Credentials {
    public ServiceAccountKeyFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /** A fixed OAuth2 access token (never refreshed). */
  public record AccessToken(String token) implements Credentials {
    public AccessToken {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "AccessToken[***]";
    }
  }

  /** Builds a {@link GcsBackendConfig}; every setter is optional. */
  public static final class Builder {
    private final String bucket;
    private String prefix = "";
    private Optional<String> project = Optional.empty();
    private Optional<URI> host = Optional.empty();
    private Credentials credentials = new ApplicationDefault();
    private int chunkSizeBytes = DEFAULT_CHUNK_SIZE_BYTES;
    private long resumableThresholdBytes = DEFAULT_RESUMABLE_THRESHOLD_BYTES;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration totalRetryTimeout = Duration.ofSeconds(50);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int listPageSize = 1000;

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    public Builder prefix(String value) {
      this.prefix = value;
      return this;
    }

    public Builder project(String value) {
      this.project = Optional.of(value);
      return this;
    }

    public Builder host(URI value) {
      this.host = Optional.of(value);
      return this;
    }

    public Builder credentials(Credentials value) {
      this.credentials = Objects.requireNonNull(value, "credentials");
      return this;
    }

    public Builder chunkSizeBytes(int value) {
      this.chunkSizeBytes = value;
      return this;
    }

    public Builder resumableThresholdBytes(long value) {
      this.resumableThresholdBytes = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder totalRetryTimeout(Duration value) {
      this.totalRetryTimeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder readTimeout(Duration value) {
      this.readTimeout = value;
      return this;
    }

    public Builder listPageSize(int value) {
      this.listPageSize = value;
      return this;
    }

    public GcsBackendConfig build() {
      return new GcsBackendConfig(bucket, prefix, project, host, credentials, chunkSizeBytes,
          resumableThresholdBytes, maxAttempts, totalRetryTimeout, connectTimeout, readTimeout, listPageSize);
    }
  }
}
