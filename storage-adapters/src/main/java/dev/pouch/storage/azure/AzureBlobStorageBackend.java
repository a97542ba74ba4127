package dev.pouch.storage.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobImmutabilityPolicy;
import com.azure.storage.blob.models.BlobImmutabilityPolicyMode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.ObjectLock;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.RetainedObjects;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StorageBackend} on Azure Blob Storage (block blobs), through azure-storage-blob's synchronous clients.
 *
 * <p>Puts below {@link AzureBackendConfig#singleUploadThresholdBytes()} are one {@code Put Blob}; larger ones stage
 * blocks in parallel and commit them with one {@code Put Block List}. {@link PutMode#CREATE_IF_ABSENT} sends
 * {@code If-None-Match: *} on the {@code Put Blob} or on the commit, so of two racing writers exactly one wins.
 * Uncommitted blocks of a failed or killed put are never visible and are discarded by the service itself.
 *
 * <p><b>Immutability.</b> With {@link AzureBackendConfig#objectLock()}, every new blob outside the lock's exempt
 * prefixes is uploaded with a version-level immutability policy ({@code Unlocked} for governance, {@code Locked} for
 * compliance) expiring after the lock's period. Before the first such upload the container's properties are read
 * once; a container without version-level immutability (or a server without it, such as Azurite) fails that put
 * with {@link StorageException.Rejected}. {@link #retainedUntil} reads a blob's policy back ({@link RetainedObjects}).
 *
 * <p>Caveat shared by every SDK: when the SDK's own retry repeats a {@link PutMode#CREATE_IF_ABSENT} whose first
 * attempt took effect but whose answer was lost, the repeat reports {@link StorageException.AlreadyExists}. For
 * content-addressed keys that is harmless; a caller using a create as a lock should compare the stored content.
 */
public final class AzureBlobStorageBackend implements StorageBackend, RetainedObjects {

  private static final String OCTET_STREAM = "application/octet-stream";

  private final AzureBackendConfig config;
  private final BlobContainerClient container;
  private final ExecutorService uploadExecutor;
  private final boolean ownsExecutor;
  private final String description;
  private final String namePrefix;
  private final AzureErrors errors;
  private final AzureBlockUpload blocks;
  private final Clock clock;
  private volatile Boolean retentionEnabled; // null until asked of the container

  private AzureBlobStorageBackend(AzureBackendConfig config, ExecutorService uploadExecutor, boolean ownsExecutor) {
    this.config = config;
    this.uploadExecutor = uploadExecutor;
    this.ownsExecutor = ownsExecutor;
    this.description = "azure://" + config.container() + (config.prefix().isEmpty() ? "" : "/" + config.prefix());
    this.namePrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    this.container = serviceBuilder(config).buildClient().getBlobContainerClient(config.container());
    this.errors = new AzureErrors(description, container.getAccountUrl());
    this.blocks = new AzureBlockUpload(uploadExecutor, config.uploadConcurrency(), errors);
    this.clock = Clock.systemUTC();
  }

  /** A backend owning a pool of {@link AzureBackendConfig#uploadConcurrency()} upload threads. No request yet. */
  public static AzureBlobStorageBackend create(AzureBackendConfig config) {
    Objects.requireNonNull(config, "config");
    AtomicInteger counter = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(config.uploadConcurrency(), runnable -> {
      Thread thread = new Thread(runnable, "pouch-azure-upload-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    return new AzureBlobStorageBackend(config, pool, true);
  }

  /** A backend staging blocks on {@code uploadExecutor}, which the caller owns and shuts down. */
  public static AzureBlobStorageBackend create(AzureBackendConfig config, ExecutorService uploadExecutor) {
    return new AzureBlobStorageBackend(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(uploadExecutor, "uploadExecutor"), false);
  }

  public AzureBackendConfig config() {
    return config;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(true, true, true, true);
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mode, "mode");
    BlobClient blob = blob(key);
    long length = content.length();
    BlobImmutabilityPolicy immutability = immutabilityFor(key);
    if (length >= config.singleUploadThresholdBytes()) {
      if (mode == PutMode.CREATE_IF_ABSENT && stat(key).isPresent()) {
        throw new StorageException.AlreadyExists("put", key, description, null);
      }
      blocks.upload(blob.getBlockBlobClient(), key, content,
          AzureBlockUpload.blockSize(length, config.blockSizeBytes()), mode, immutability);
      return;
    }
    byte[] bytes;
    try {
      bytes = content.read(0, Math.toIntExact(length)); // below the threshold, which the config bounds
    } catch (IOException e) {
      throw errors.contentUnreadable(key, e);
    }
    BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(bytes))
        .setHeaders(new com.azure.storage.blob.models.BlobHttpHeaders().setContentType(OCTET_STREAM));
    if (mode == PutMode.CREATE_IF_ABSENT) {
      options.setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    }
    if (immutability != null) {
      options.setImmutabilityPolicy(immutability);
    }
    try {
      blob.getBlockBlobClient().uploadWithResponse(options, null, Context.NONE);
    } catch (RuntimeException e) {
      throw errors.translate("put", key, e);
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(range, "range");
    BlobClient blob = blob(key);
    if (range.length() == 0) {
      if (stat(key).isEmpty()) {
        throw new StorageException.NotFound("open", key, description, null);
      }
      return InputStream.nullInputStream();
    }
    BlobRange blobRange = range.toEnd() ? new BlobRange(range.offset()) : new BlobRange(range.offset(), range.length());
    try {
      // the stream reads in blocks with If-Match on the first answer's ETag, so a blob replaced mid-read fails
      return blob.openInputStream(new BlobInputStreamOptions().setRange(blobRange).setBlockSize(4 * 1024 * 1024));
    } catch (RuntimeException e) {
      if (e instanceof BlobStorageException service && service.getStatusCode() == 416) {
        return InputStream.nullInputStream(); // offset at or past the end of an existing blob
      }
      throw errors.translate("open", key, e);
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    try {
      BlobProperties properties = blob(key).getProperties();
      return Optional.of(new BlobInfo(key, properties.getBlobSize(), properties.getLastModified().toInstant()));
    } catch (RuntimeException e) {
      StorageException translated = errors.translate("stat", key, e);
      if (translated instanceof StorageException.NotFound) {
        return Optional.empty(); // Azure names a missing container in x-ms-error-code even on HEAD
      }
      throw translated;
    }
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    Objects.requireNonNull(prefix, "prefix");
    Listing listing;
    try {
      listing = new Listing(container.listBlobs(
          new ListBlobsOptions().setPrefix(namePrefix + prefix).setMaxResultsPerPage(config.listPageSize()), null)
          .iterableByPage().iterator());
      listing.fetch(); // the first page here, so a missing container or bad credentials throw from list() itself
    } catch (RuntimeException e) {
      throw errors.translate("list", null, e);
    }
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(listing, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    try {
      blob(key).deleteIfExists();
    } catch (RuntimeException e) {
      StorageException translated = errors.translate("delete", key, e);
      if (!(translated instanceof StorageException.NotFound)) {
        throw translated;
      }
    }
  }

  @Override
  public boolean retentionEnabled() throws StorageException {
    Boolean known = retentionEnabled;
    if (known != null) {
      return known;
    }
    boolean enabled;
    try {
      enabled = Boolean.TRUE.equals(container.getProperties().isImmutableStorageWithVersioningEnabled());
    } catch (RuntimeException e) {
      throw errors.translate("objectLock", null, e);
    }
    retentionEnabled = enabled;
    return enabled;
  }

  @Override
  public Optional<Instant> retainedUntil(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    BlobProperties properties;
    try {
      properties = blob(key).getProperties();
    } catch (RuntimeException e) {
      StorageException translated = errors.translate("stat", key, e);
      if (translated instanceof StorageException.NotFound) {
        return Optional.empty();
      }
      throw translated;
    }
    if (Boolean.TRUE.equals(properties.hasLegalHold())) {
      return Optional.of(Instant.MAX);
    }
    BlobImmutabilityPolicy policy = properties.getImmutabilityPolicy();
    if (policy == null || policy.getExpiryTime() == null) {
      return Optional.empty();
    }
    Instant until = policy.getExpiryTime().toInstant();
    return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  /** The policy a new blob under {@code key} gets, or null; checks once that the container can enforce one. */
  private BlobImmutabilityPolicy immutabilityFor(BlobKey key) throws StorageException {
    if (config.objectLock().isEmpty() || !config.objectLock().get().appliesTo(key)) {
      return null;
    }
    if (!retentionEnabled()) {
      throw new StorageException.Rejected("put", key, description, "an object lock was requested, but container "
          + config.container() + " does not have version-level immutability enabled (or the server does not support "
          + "it); enable it on the container (or account), or configure no object lock", null);
    }
    ObjectLock lock = config.objectLock().get();
    return new BlobImmutabilityPolicy()
        .setExpiryTime(OffsetDateTime.ofInstant(lock.retainUntil(clock.instant()), ZoneOffset.UTC))
        .setPolicyMode(lock.mode() == ObjectLock.Mode.COMPLIANCE
            ? BlobImmutabilityPolicyMode.LOCKED : BlobImmutabilityPolicyMode.UNLOCKED);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      uploadExecutor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "AzureBlobStorageBackend[" + description + "]";
  }

  private BlobClient blob(BlobKey key) {
    return container.getBlobClient(namePrefix + key.value());
  }

  /** Pages through {@code List Blobs} one request at a time, as the stream is consumed. */
  private final class Listing implements Iterator<BlobInfo> {
    private final Iterator<PagedResponse<BlobItem>> pages;
    private final ArrayDeque<BlobInfo> page = new ArrayDeque<>();

    Listing(Iterator<PagedResponse<BlobItem>> pages) {
      this.pages = pages;
    }

    /** Fetches one page; runtime SDK exceptions escape to the caller to translate. */
    void fetch() {
      if (!pages.hasNext()) {
        return;
      }
      for (BlobItem item : pages.next().getValue()) {
        String name = item.getName().substring(Math.min(namePrefix.length(), item.getName().length()));
        if (item.getName().startsWith(namePrefix) && BlobKey.isValid(name)) { // anything else is not pouch's
          page.add(new BlobInfo(BlobKey.of(name), item.getProperties().getContentLength(),
              item.getProperties().getLastModified().toInstant()));
        }
      }
    }

    @Override
    public boolean hasNext() {
      try {
        while (page.isEmpty() && pages.hasNext()) {
          fetch();
        }
      } catch (RuntimeException e) {
        throw new UncheckedIOException(errors.translate("list", null, e));
      }
      return !page.isEmpty();
    }

    @Override
    public BlobInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.poll();
    }
  }

  private static BlobServiceClientBuilder serviceBuilder(AzureBackendConfig config) {
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
        .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxAttempts(),
            config.tryTimeout(), config.retryDelay(), config.retryDelay().multipliedBy(30), null))
        .clientOptions(new HttpClientOptions().setConnectTimeout(Duration.ofSeconds(5)));
    switch (config.access()) {
      case AzureBackendConfig.ConnectionString c -> builder.connectionString(c.value());
      case AzureBackendConfig.SharedKey k -> builder.endpoint(k.endpoint().toString())
          .credential(new StorageSharedKeyCredential(k.account(), k.key()));
      case AzureBackendConfig.SasToken s -> builder.endpoint(s.endpoint().toString()).sasToken(s.token());
    }
    return builder;
  }
}
