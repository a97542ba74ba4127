package dev.pouch.storage.s3;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.RetainedObjects;
import dev.pouch.storage.StaleUploads;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A {@link StorageBackend} on Amazon S3 or an S3-compatible service, through the AWS SDK v2 synchronous client with
 * the Apache HTTP client.
 *
 * <p>Puts below {@link S3BackendConfig#multipartThresholdBytes()} are one {@code PutObject}; larger ones are
 * multipart uploads with parts sent in parallel. {@link PutMode#CREATE_IF_ABSENT} sends {@code If-None-Match: *} on
 * the {@code PutObject} or on {@code CompleteMultipartUpload}, so of two racing writers exactly one wins. A failed
 * multipart upload is aborted; one whose process died is left behind until {@link #abortStaleUploads(Duration)}.
 *
 * <p><b>Object Lock.</b> With {@link S3BackendConfig#objectLock()}, every new object outside the lock's exempt
 * prefixes is uploaded with its mode and retain-until date. Before the first such upload the bucket's Object Lock
 * configuration is read once; a bucket without Object Lock (or a server without the API) fails that put with
 * {@link StorageException.Rejected} instead of silently storing unprotected objects. {@link #retainedUntil} reads an
 * object's retention back ({@link RetainedObjects}).
 *
 * <p>Downloads are plain (ranged) {@code GetObject}s, never {@code ?partNumber=} gets, which S3-compatible servers
 * often lack.
 *
 * <p>Caveat shared by every SDK: when the SDK's own retry repeats a {@link PutMode#CREATE_IF_ABSENT} whose first
 * attempt took effect but whose answer was lost, the repeat reports {@link StorageException.AlreadyExists}. For
 * content-addressed keys that is harmless; a caller using a create as a lock should compare the stored content.
 */
public final class S3StorageBackend implements StorageBackend, StaleUploads, RetainedObjects {

  private final S3BackendConfig config;
  private final S3Client client;
  private final AwsCredentialsProvider credentialsProvider;
  private final ExecutorService uploadExecutor;
  private final boolean ownsExecutor;
  private final Clock clock;
  private final String description;
  private final String keyPrefix;
  private final S3Errors errors;
  private final S3MultipartUpload multipart;
  private final S3ObjectLock objectLock; // null: none configured
  private volatile Boolean retentionEnabled; // null until asked of the bucket
  // Once any request reached the bucket, a 404 on HEAD means "no such key" rather than "no such bucket".
  private volatile boolean bucketSeen;

  private S3StorageBackend(S3BackendConfig config, ExecutorService uploadExecutor, boolean ownsExecutor,
      Clock clock) {
    this.config = config;
    this.uploadExecutor = uploadExecutor;
    this.ownsExecutor = ownsExecutor;
    this.clock = clock;
    this.description = "s3://" + config.bucket() + (config.prefix().isEmpty() ? "" : "/" + config.prefix());
    this.keyPrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    this.credentialsProvider = S3Clients.credentialsProvider(config);
    Region region = S3Clients.region(config);
    this.client = S3Clients.client(config, credentialsProvider, region);
    String endpoint = config.endpoint().map(Object::toString)
        .orElse("the S3 endpoint of region " + region.id());
    this.errors = new S3Errors(description, endpoint);
    this.multipart = new S3MultipartUpload(client, uploadExecutor, config.uploadConcurrency(), errors);
    this.objectLock = config.objectLock().map(lock -> new S3ObjectLock(lock, clock, config.flexibleChecksums()))
        .orElse(null);
  }

  /**
   * A backend owning its client and a pool of {@link S3BackendConfig#uploadConcurrency()} upload threads, with the
   * system clock for {@link #abortStaleUploads(Duration)}. Does not contact the service.
   */
  public static S3StorageBackend create(S3BackendConfig config) {
    Objects.requireNonNull(config, "config");
    return new S3StorageBackend(config, uploadPool(config.uploadConcurrency()), true, Clock.systemUTC());
  }

  /**
   * A backend whose multipart parts run on {@code uploadExecutor}, which the caller owns and shuts down (at most
   * {@link S3BackendConfig#uploadConcurrency()} parts of one put run at once whatever its size).
   */
  public static S3StorageBackend create(S3BackendConfig config, ExecutorService uploadExecutor, Clock clock) {
    Objects.requireNonNull(config, "config");
    return new S3StorageBackend(config, Objects.requireNonNull(uploadExecutor, "uploadExecutor"), false,
        Objects.requireNonNull(clock, "clock"));
  }

  public S3BackendConfig config() {
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
    long length = content.length();
    S3ObjectLock lock = objectLock != null && objectLock.appliesTo(key) ? objectLock : null;
    if (lock != null) {
      requireRetention("put", key);
    }
    if (length >= config.multipartThresholdBytes()) {
      if (mode == PutMode.CREATE_IF_ABSENT && stat(key).isPresent()) {
        // saves uploading every part only to have the conditional complete refuse them
        throw new StorageException.AlreadyExists("put", key, description, null);
      }
      multipart.upload(config.bucket(), objectKey(key), key, content,
          S3MultipartUpload.partSize(length, config.partSizeBytes()), mode, lock);
      bucketSeen = true;
      return;
    }
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(config.bucket()).key(objectKey(key)).contentLength(length)
        .contentType("application/octet-stream");
    if (mode == PutMode.CREATE_IF_ABSENT) {
      request.ifNoneMatch("*");
    }
    ContentReads reads = new ContentReads(content);
    ContentStreamProvider body = reads;
    if (lock != null) {
      // an object-lock put may need the Content-MD5 of the bytes before sending them
      byte[] bytes;
      try {
        bytes = content.read(0, Math.toIntExact(length)); // the config bounds a locked put's threshold
      } catch (IOException e) {
        throw errors.contentUnreadable(key, e);
      }
      lock.apply(request, bytes);
      body = ContentStreamProvider.fromByteArrayUnsafe(bytes);
    }
    try {
      client.putObject(request.build(), RequestBody.fromContentProvider(body, length, "application/octet-stream"));
      bucketSeen = true;
    } catch (SdkException e) {
      IOException unreadable = reads.failure();
      throw unreadable != null ? errors.contentUnreadable(key, unreadable) : errors.translate("put", key, e);
    }
  }

  /**
   * The content streamed to the SDK, reopened for each attempt (so a pack is sent from its spool file, never held in
   * memory); remembers a failure to read it, which the SDK would otherwise report as a failed request.
   */
  private static final class ContentReads implements ContentStreamProvider {
    private final BlobContent content;
    private volatile IOException failure;

    ContentReads(BlobContent content) {
      this.content = content;
    }

    IOException failure() {
      return failure;
    }

    @Override
    public InputStream newStream() {
      InputStream in;
      try {
        in = content.open();
      } catch (IOException e) {
        failure = e;
        throw new UncheckedIOException(e);
      }
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          try {
            return super.read();
          } catch (IOException e) {
            failure = e;
            throw e;
          }
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
          try {
            return super.read(buffer, offset, count);
          } catch (IOException e) {
            failure = e;
            throw e;
          }
        }
      };
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(range, "range");
    if (range.length() == 0) {
      if (stat(key).isEmpty()) {
        throw new StorageException.NotFound("open", key, description, null);
      }
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(config.bucket()).key(objectKey(key));
    if (!range.isAll()) {
      request.range("bytes=" + range.offset() + "-" + (range.toEnd() ? "" : Long.toString(range.lastInclusive())));
    }
    try {
      ResponseInputStream<GetObjectResponse> in = client.getObject(request.build());
      bucketSeen = true;
      return new S3ObjectStream(in);
    } catch (SdkException e) {
      if (e instanceof AwsServiceException service && service.statusCode() == 416) {
        // offset at or past the end (S3 checks existence first, so the key exists): the contract's empty stream
        bucketSeen = true;
        return InputStream.nullInputStream();
      }
      throw errors.translate("open", key, e);
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(config.bucket()).key(objectKey(key)));
      bucketSeen = true;
      return Optional.of(new BlobInfo(key, head.contentLength(), head.lastModified()));
    } catch (SdkException e) {
      StorageException translated = errors.translate("stat", key, e);
      if (translated instanceof StorageException.NotFound) {
        // HEAD answers carry no error code: a missing bucket looks like a missing key until asked
        checkBucket("stat", key);
        return Optional.empty();
      }
      throw translated;
    }
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    Objects.requireNonNull(prefix, "prefix");
    S3Listing listing = new S3Listing(client, config.bucket(), keyPrefix, keyPrefix + prefix, config.listPageSize(),
        errors, () -> bucketSeen = true);
    listing.fetch(); // the first page here, so a missing bucket or bad credentials throw from list() itself
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(listing, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    try {
      client.deleteObject(b -> b.bucket(config.bucket()).key(objectKey(key)));
      bucketSeen = true;
    } catch (SdkException e) {
      StorageException translated = errors.translate("delete", key, e);
      if (translated instanceof StorageException.NotFound) {
        return; // S3 answers 204 for a missing key; some compatible servers answer 404
      }
      throw translated;
    }
  }

  /**
   * Aborts the multipart uploads under this backend's prefix that were started more than {@code olderThan} ago,
   * freeing the parts a killed put left behind (a failing put aborts its own upload; a killed process cannot).
   * Choose an age well above the longest upload, since a running upload that is aborted fails.
   *
   * @return how many uploads were aborted
   */
  @Override
  public int abortStaleUploads(Duration olderThan) throws StorageException {
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
    }
    Instant cutoff = clock.instant().minus(olderThan);
    int aborted = 0;
    String keyMarker = null;
    String uploadIdMarker = null;
    while (true) {
      String km = keyMarker;
      String um = uploadIdMarker;
      ListMultipartUploadsResponse page;
      try {
        page = client.listMultipartUploads(b -> b.bucket(config.bucket()).prefix(keyPrefix)
            .keyMarker(km).uploadIdMarker(um));
      } catch (SdkException e) {
        throw errors.translate("abortStaleUploads", null, e);
      }
      for (MultipartUpload upload : page.uploads()) {
        if (upload.initiated() != null && !upload.initiated().isAfter(cutoff)) {
          try {
            client.abortMultipartUpload(b -> b.bucket(config.bucket()).key(upload.key())
                .uploadId(upload.uploadId()));
            aborted++;
          } catch (SdkException e) {
            StorageException translated = errors.translate("abortStaleUploads", null, e);
            if (!(translated instanceof StorageException.NotFound)) { // NoSuchUpload: finished or gone meanwhile
              throw translated;
            }
          }
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return aborted;
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
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
      GetObjectLockConfigurationResponse answer =
          client.getObjectLockConfiguration(b -> b.bucket(config.bucket()));
      bucketSeen = true;
      enabled = answer.objectLockConfiguration() != null
          && answer.objectLockConfiguration().objectLockEnabled() == ObjectLockEnabled.ENABLED;
    } catch (SdkException e) {
      StorageException translated = errors.translate("objectLock", null, e);
      if (!(translated instanceof StorageException.NotFound || translated instanceof StorageException.Rejected)) {
        throw translated;
      }
      // ObjectLockConfigurationNotFoundError (404): a bucket created without Object Lock; 501 or 400: a server
      // without the API, which must not be trusted to keep anything
      enabled = false;
    }
    retentionEnabled = enabled;
    return enabled;
  }

  @Override
  public Optional<Instant> retainedUntil(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    HeadObjectResponse head;
    try {
      head = client.headObject(b -> b.bucket(config.bucket()).key(objectKey(key)));
      bucketSeen = true;
    } catch (SdkException e) {
      StorageException translated = errors.translate("stat", key, e);
      if (translated instanceof StorageException.NotFound) {
        checkBucket("stat", key);
        return Optional.empty();
      }
      throw translated;
    }
    if (head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON) {
      return Optional.of(Instant.MAX);
    }
    Instant until = head.objectLockRetainUntilDate();
    return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  /** Fails a locked put on a bucket that cannot enforce the lock, rather than store it unprotected. */
  private void requireRetention(String operation, BlobKey key) throws StorageException {
    if (!retentionEnabled()) {
      throw new StorageException.Rejected(operation, key, description, "an object lock was requested, but bucket "
          + config.bucket() + " does not have S3 Object Lock enabled (or the server does not support it); create "
          + "the bucket with Object Lock enabled, or configure no object lock", null);
    }
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
    client.close();
    if (credentialsProvider instanceof SdkAutoCloseable closeable) {
      closeable.close(); // the default chain may own refresh threads
    }
  }

  @Override
  public String toString() {
    return "S3StorageBackend[" + description + "]";
  }

  private String objectKey(BlobKey key) {
    return keyPrefix + key.value();
  }

  private void checkBucket(String operation, BlobKey key) throws StorageException {
    if (bucketSeen) {
      return;
    }
    try {
      client.headBucket(b -> b.bucket(config.bucket()));
      bucketSeen = true;
    } catch (SdkException e) {
      StorageException translated = errors.translate(operation, key, e);
      if (translated instanceof StorageException.NotFound) {
        throw new StorageException.ContainerMissing(operation, key, description,
            "bucket does not exist; create it first or fix the repository URL", e);
      }
      throw translated;
    }
  }

  private static ExecutorService uploadPool(int threads) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "pouch-s3-upload-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
