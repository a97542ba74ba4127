package dev.pouch.storage.azure;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.ObjectLock;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an {@link AzureBlobStorageBackend} stores its blobs and how it talks to the service.
 *
 * @param container the blob container, which must exist
 * @param prefix blob-name prefix inside the container without leading or trailing slash; empty for the root
 * @param access how to reach and authenticate to the storage account
 * @param blockSizeBytes staged block size for large puts, at most {@link #MAX_BLOCK_SIZE_BYTES}; grown automatically
 *     so a blob needs at most 50,000 blocks
 * @param singleUploadThresholdBytes puts of at least this many bytes are staged blocks plus a commit; at most
 *     {@link #MAX_BLOCK_SIZE_BYTES}, as a single put is held in one array
 * @param uploadConcurrency blocks staged at once by one put (and so the number of blocks held in memory)
 * @param maxAttempts tries per request by the SDK's retry policy (1 = no retries)
 * @param tryTimeout longest time for one try of a request
 * @param retryDelay first delay between tries (exponential after that)
 * @param listPageSize blob names asked for per list request (at most 5000)
 * @param objectLock version-level immutability policy for new blobs; the container must have version-level
 *     immutability enabled (checked before the first such upload)
 */
public record AzureBackendConfig(
    String container,
    String prefix,
    Access access,
    long blockSizeBytes,
    long singleUploadThresholdBytes,
    int uploadConcurrency,
    int maxAttempts,
    Duration tryTimeout,
    Duration retryDelay,
    int listPageSize,
    Optional<ObjectLock> objectLock) {

  /** The service's largest number of committed blocks per blob. */
  public static final int MAX_BLOCKS = 50_000;
  /**
   * The largest block, and the largest single put: 2047 MiB ({@link BlobContent#MAX_READ_BYTES}). The service takes
   * 4000 MiB blocks, but a block is held in one byte array; so a blob is at most 50,000 such blocks (97.7 TiB).
   */
  public static final long MAX_BLOCK_SIZE_BYTES = BlobContent.MAX_READ_BYTES;

  public static final long DEFAULT_BLOCK_SIZE_BYTES = 8L * 1024 * 1024;
  public static final long DEFAULT_SINGLE_UPLOAD_THRESHOLD_BYTES = 32L * 1024 * 1024;
  public static final int DEFAULT_UPLOAD_CONCURRENCY = 4;
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  public AzureBackendConfig {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(tryTimeout, "tryTimeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
    Objects.requireNonNull(objectLock, "objectLock");
    if (!container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("invalid Azure container name '" + container
          + "': 3-63 characters of lowercase letters, digits and single hyphens");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("Azure prefix must not start or end with '/' or contain '//': " + prefix);
    }
    if (blockSizeBytes < 1 || blockSizeBytes > MAX_BLOCK_SIZE_BYTES) {
      throw new IllegalArgumentException("blockSizeBytes must be between 1 byte and 2047 MiB (a block is held in one "
          + "byte array): " + blockSizeBytes);
    }
    if (singleUploadThresholdBytes < 1 || singleUploadThresholdBytes > MAX_BLOCK_SIZE_BYTES) {
      throw new IllegalArgumentException("singleUploadThresholdBytes must be between 1 byte and 2047 MiB (a single "
          + "put is held in one byte array): " + singleUploadThresholdBytes);
    }
    if (uploadConcurrency < 1) {
      throw new IllegalArgumentException("uploadConcurrency must be positive: " + uploadConcurrency);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (tryTimeout.isNegative() || tryTimeout.isZero() || retryDelay.isNegative() || retryDelay.isZero()) {
      throw new IllegalArgumentException("tryTimeout and retryDelay must be positive");
    }
    if (listPageSize < 1 || listPageSize > 5000) {
      throw new IllegalArgumentException("listPageSize must be between 1 and 5000: " + listPageSize);
    }
  }

  /** A builder with the defaults: 8 MiB blocks from 32 MiB on, 4 in parallel, 4 tries. */
  public static Builder builder(String container, Access access) {
    return new Builder(container, access);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(container, access);
    b.prefix = prefix;
    b.blockSizeBytes = blockSizeBytes;
    b.singleUploadThresholdBytes = singleUploadThresholdBytes;
    b.uploadConcurrency = uploadConcurrency;
    b.maxAttempts = maxAttempts;
    b.tryTimeout = tryTimeout;
    b.retryDelay = retryDelay;
    b.objectLock = objectLock;
    b.listPageSize = listPageSize;
    return b;
  }

  /** How to reach and authenticate to a storage account. No {@code toString()} shows a secret. */
  public sealed interface Access permits ConnectionString, SharedKey, SasToken {}

  /** A connection string as the portal shows it ({@code AZURE_STORAGE_CONNECTION_STRING}); it holds the secret. */
  public record ConnectionString(String value) implements Access {
    public ConnectionString {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "ConnectionString[***]";
    }
  }

  /**
   * The account name and one of its keys ({@code AZURE_STORAGE_ACCOUNT} + {@code AZURE_STORAGE_KEY}).
   *
   * @param endpoint the blob endpoint, usually {@code https://<account>.blob.core.windows.net}
   */
  public record SharedKey(URI endpoint, String account, String key) implements Access {
    public SharedKey {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "SharedKey[endpoint=" + endpoint + ", account=" + account + ", key=***]";
    }
  }

  /** A shared access signature on the account or container ({@code AZURE_STORAGE_SAS_TOKEN}). */
  public record SasToken(URI endpoint, String token) implements Access {
    public SasToken {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "SasToken[endpoint=" + endpoint + ", token=***]";
    }
  }

  /** Builds an {@link AzureBackendConfig}; every setter is optional. */
  public static final class Builder {
    private final String container;
    private final Access access;
    private String prefix = "";
    private long blockSizeBytes = DEFAULT_BLOCK_SIZE_BYTES;
    private long singleUploadThresholdBytes = DEFAULT_SINGLE_UPLOAD_THRESHOLD_BYTES;
    private int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration tryTimeout = Duration.ofSeconds(60);
    // short: the SDK waits (2^n - 1) * retryDelay before try n+1, and the operation-level retry layer above does the
    // patient waiting; with 1 s, a refused connection alone took 11 s per call
    private Duration retryDelay = Duration.ofMillis(250);
    private Optional<ObjectLock> objectLock = Optional.empty();
    private int listPageSize = 5000;

    private Builder(String container, Access access) {
      this.container = container;
      this.access = access;
    }

    public Builder prefix(String value) {
      this.prefix = value;
      return this;
    }

    public Builder blockSizeBytes(long value) {
      this.blockSizeBytes = value;
      return this;
    }

    public Builder singleUploadThresholdBytes(long value) {
      this.singleUploadThresholdBytes = value;
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

    public Builder tryTimeout(Duration value) {
      this.tryTimeout = value;
      return this;
    }

    public Builder retryDelay(Duration value) {
      this.retryDelay = value;
      return this;
    }

    public Builder listPageSize(int value) {
      this.listPageSize = value;
      return this;
    }

    public Builder objectLock(ObjectLock value) {
      this.objectLock = Optional.of(value);
      return this;
    }

    public AzureBackendConfig build() {
      return new AzureBackendConfig(container, prefix, access, blockSizeBytes, singleUploadThresholdBytes,
          uploadConcurrency, maxAttempts, tryTimeout, retryDelay, listPageSize, objectLock);
    }
  }
}
