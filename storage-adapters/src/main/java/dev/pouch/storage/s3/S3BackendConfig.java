package dev.pouch.storage.s3;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.ObjectLock;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an {@link S3StorageBackend} stores its blobs and how it talks to the service.
 *
 * @param bucket the bucket, which must exist
 * @param prefix key prefix inside the bucket without leading or trailing slash; empty for the bucket root
 * @param region the signing region; empty: the SDK's region chain, falling back to {@code us-east-1} with
 *     cross-region access (so a bucket in another region still works)
 * @param endpoint an S3-compatible endpoint (MinIO, Ceph, S3Proxy); empty for AWS itself
 * @param pathStyle address buckets as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 * @param credentials explicit static keys; empty: the SDK's default chain (environment, profiles, web identity,
 *     container and instance roles)
 * @param profile a named profile of the shared config files for the default chain; ignored with explicit keys
 * @param partSizeBytes multipart part size, at most {@link #MAX_PART_SIZE_BYTES}; grown automatically so an upload
 *     needs at most 10,000 parts
 * @param multipartThresholdBytes puts of at least this many bytes use multipart upload; with an object lock at most
 *     {@link #MAX_PART_SIZE_BYTES}, as a locked single put is held in one array for its checksum
 * @param uploadConcurrency parts uploaded at once by one put (and so the number of parts held in memory)
 * @param maxAttempts attempts per request by the SDK's own retry strategy (1 = no SDK retries)
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout longest wait for data on an open connection
 * @param listPageSize keys asked for per list request (at most 1000)
 * @param flexibleChecksums send and check the SDK's CRC checksums whenever the API supports them (the AWS
 *     default); turn off for S3-compatible servers that reject or drop them
 * @param objectLock S3 Object Lock retention for new objects; the bucket must have Object Lock enabled (checked
 *     before the first such upload)
 */
public record S3BackendConfig(
    String bucket,
    String prefix,
    Optional<String> region,
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<S3Credentials> credentials,
    Optional<String> profile,
    long partSizeBytes,
    long multipartThresholdBytes,
    int uploadConcurrency,
    int maxAttempts,
    Duration connectTimeout,
    Duration socketTimeout,
    int listPageSize,
    boolean flexibleChecksums,
    Optional<ObjectLock> objectLock) {

  /** S3's smallest part (except the last). */
  public static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;
  /**
   * The largest part: 2047 MiB ({@link BlobContent#MAX_READ_BYTES}). S3 takes 5 GiB, but a part is held in one byte
   * array; S3's largest object (5 TiB) needs parts of only 525 MiB.
   */
  public static final long MAX_PART_SIZE_BYTES = BlobContent.MAX_READ_BYTES;
  /** S3's largest number of parts per upload. */
  public static final int MAX_PARTS = 10_000;

  public static final long DEFAULT_PART_SIZE_BYTES = 16L * 1024 * 1024;
  public static final long DEFAULT_MULTIPART_THRESHOLD_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_UPLOAD_CONCURRENCY = 4;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  public S3BackendConfig {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    Objects.requireNonNull(objectLock, "objectLock");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("invalid S3 bucket name '" + bucket
          + "': 3-63 characters of lowercase letters, digits, dots and hyphens");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("S3 prefix must not start or end with '/' or contain '//': " + prefix);
    }
    if (partSizeBytes < MIN_PART_SIZE_BYTES || partSizeBytes > MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("partSizeBytes must be between 5 MiB and 2047 MiB (a part is held in one "
          + "byte array): " + partSizeBytes);
    }
    if (multipartThresholdBytes < 1) {
      throw new IllegalArgumentException("multipartThresholdBytes must be positive: " + multipartThresholdBytes);
    }
    if (objectLock.isPresent() && multipartThresholdBytes > MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("multipartThresholdBytes must be at most 2047 MiB with an object lock (a "
          + "locked single put is held in one byte array for its checksum): " + multipartThresholdBytes);
    }
    if (uploadConcurrency < 1) {
      throw new IllegalArgumentException("uploadConcurrency must be positive: " + uploadConcurrency);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException("listPageSize must be between 1 and 1000: " + listPageSize);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || socketTimeout.isNegative()
        || socketTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** A builder with the defaults: AWS itself, default credential chain, 16 MiB parts from 64 MiB on. */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(bucket);
    b.prefix = prefix;
    b.region = region;
    b.endpoint = endpoint;
    b.pathStyle = pathStyle;
    b.credentials = credentials;
    b.profile = profile;
    b.partSizeBytes = partSizeBytes;
    b.multipartThresholdBytes = multipartThresholdBytes;
    b.uploadConcurrency = uploadConcurrency;
    b.maxAttempts = maxAttempts;
    b.connectTimeout = connectTimeout;
    b.socketTimeout = socketTimeout;
    b.listPageSize = listPageSize;
    b.flexibleChecksums = flexibleChecksums;
    b.objectLock = objectLock;
    return b;
  }

  /**
   * Static access keys. {@link #toString()} never shows the secret or the session token.
   *
   * @param sessionToken for temporary credentials; empty for long-term keys
   */
  public record S3Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    public S3Credentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      Objects.requireNonNull(sessionToken, "sessionToken");
    }

    public static S3Credentials of(String accessKeyId, String secretAccessKey) {
      return new S3Credentials(accessKeyId, secretAccessKey, Optional.empty());
    }

    @Override
    public String toString() {
      return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
          + (sessionToken.isPresent() ? ", sessionToken=***" : "") + "]";
    }
  }

  /** Builds an {@link S3BackendConfig}; every setter is optional. */
  public static final class Builder {
    private final String bucket;
    private String prefix = "";
    private Optional<String> region = Optional.empty();
    private Optional<URI> endpoint = Optional.empty();
    private boolean pathStyle;
    private Optional<S3Credentials> credentials = Optional.empty();
    private Optional<String> profile = Optional.empty();
    private long partSizeBytes = DEFAULT_PART_SIZE_BYTES;
    private long multipartThresholdBytes = DEFAULT_MULTIPART_THRESHOLD_BYTES;
    private int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private int listPageSize = 1000;
    private boolean flexibleChecksums = true;
    private Optional<ObjectLock> objectLock = Optional.empty();

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    public Builder prefix(String value) {
      this.prefix = value;
      return this;
    }

    public Builder region(String value) {
      this.region = Optional.of(value);
      return this;
    }

    public Builder endpoint(URI value) {
      this.endpoint = Optional.of(value);
      return this;
    }

    public Builder pathStyle(boolean value) {
      this.pathStyle = value;
      return this;
    }

    public Builder credentials(S3Credentials value) {
      this.credentials = Optional.of(value);
      return this;
    }

    public Builder profile(String value) {
      this.profile = Optional.of(value);
      return this;
    }

    public Builder partSizeBytes(long value) {
      this.partSizeBytes = value;
      return this;
    }

    public Builder multipartThresholdBytes(long value) {
      this.multipartThresholdBytes = value;
      return this;
    }

    public Builder uploadConcurrency(int value) {
      this.uploadConcurrency = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder socketTimeout(Duration value) {
      this.socketTimeout = value;
      return this;
    }

    public Builder listPageSize(int value) {
      this.listPageSize = value;
      return this;
    }

    public Builder flexibleChecksums(boolean value) {
      this.flexibleChecksums = value;
      return this;
    }

    public Builder objectLock(ObjectLock value) {
      this.objectLock = Optional.of(value);
      return this;
    }

    public S3BackendConfig build() {
      return new S3BackendConfig(bucket, prefix, region, endpoint, pathStyle, credentials, profile, partSizeBytes,
          multipartThresholdBytes, uploadConcurrency, maxAttempts, connectTimeout, socketTimeout, listPageSize,
          flexibleChecksums, objectLock);
    }
  }
}
