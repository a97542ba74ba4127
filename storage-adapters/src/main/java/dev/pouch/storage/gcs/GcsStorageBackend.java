package dev.pouch.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StorageBackend} on Google Cloud Storage, through google-cloud-storage's JSON API (HTTP) client.
 *
 * <p>Puts below {@link GcsBackendConfig#resumableThresholdBytes()} are one multipart request; larger ones are a
 * resumable upload sent in {@link GcsBackendConfig#chunkSizeBytes()} chunks, invisible until its last chunk
 * finalises it. {@link PutMode#CREATE_IF_ABSENT} is {@code ifGenerationMatch=0}, checked by the service when the
 * object is created, so of two racing writers exactly one wins. Uploads are never gzip-encoded (the content is
 * compressed and encrypted already). A resumable upload that fails is abandoned unfinalised: GCS drops the session
 * after a week and its bytes are never visible.
 *
 * <p>Caveat shared by every SDK: when the SDK's own retry repeats a {@link PutMode#CREATE_IF_ABSENT} whose first
 * attempt took effect but whose answer was lost, the repeat reports {@link StorageException.AlreadyExists}. For
 * content-addressed keys that is harmless; a caller using a create as a lock should compare the stored content.
 */
public final class GcsStorageBackend implements StorageBackend {

  private static final String OCTET_STREAM = "application/octet-stream";
  private static final int FIRST_READ_BYTES = 64 * 1024;

  private final GcsBackendConfig config;
  private final Storage storage;
  private final String description;
  private final String namePrefix;
  private final GcsErrors errors;
  // Once any request reached the bucket, a missing object is just that and not a missing bucket.
  private volatile boolean bucketSeen;

  private GcsStorageBackend(GcsBackendConfig config, Storage storage) {
    this.config = config;
    this.storage = storage;
    this.description = "gs://" + config.bucket() + (config.prefix().isEmpty() ? "" : "/" + config.prefix());
    this.namePrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    this.errors = new GcsErrors(description, config.host().map(Object::toString)
        .orElse("https://storage.googleapis.com"));
  }

  /**
   * A backend with its own client. Does not contact the service.
   *
   * @throws StorageException.AccessDenied when a configured credentials file cannot be read
   */
  public static GcsStorageBackend create(GcsBackendConfig config) throws StorageException {
    Objects.requireNonNull(config, "config");
    StorageOptions.Builder options = StorageOptions.http()
        .setRetrySettings(RetrySettings.newBuilder()
            .setMaxAttempts(config.maxAttempts())
            .setTotalTimeoutDuration(config.totalRetryTimeout())
            .setInitialRetryDelayDuration(Duration.ofMillis(100))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(10))
            .build())
        .setTransportOptions(HttpTransportOptions.newBuilder()
            .setConnectTimeout((int) config.connectTimeout().toMillis())
            .setReadTimeout((int) config.readTimeout().toMillis())
            .build());
    config.host().ifPresent(host -> options.setHost(host.toString()));
    config.project().ifPresent(options::setProjectId);
    String where = "gs://" + config.bucket();
    switch (config.credentials()) {
      case GcsBackendConfig.ApplicationDefault ignored -> { } // the client's own lookup
      case GcsBackendConfig.NoCredentials ignored -> options.setCredentials(
          com.google.cloud.NoCredentials.getInstance());
      case GcsBackendConfig.AccessToken token -> options.setCredentials(
          GoogleCredentials.create(new com.google.auth.oauth2.AccessToken(token.token(), null)));
      case GcsBackendConfig.ServiceAccountKeyFile file -> {
        try (InputStream in = Files.newInputStream(file.file())) {
          options.setCredentials(GoogleCredentials.fromStream(in));
        } catch (IOException e) {
          throw new StorageException.AccessDenied("connect", null, where,
              "cannot read the credentials file " + file.file() + ": " + e.getMessage(), e);
        }
      }
    }
    return new GcsStorageBackend(config, options.build().getService());
  }

  public GcsBackendConfig config() {
    return config;
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(true, true, true, false);
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mode, "mode");
    com.google.cloud.storage.BlobInfo info = com.google.cloud.storage.BlobInfo.newBuilder(blobId(key))
        .setContentType(OCTET_STREAM).build();
    long length = content.length();
    if (length >= config.resumableThresholdBytes()) {
      putResumable(key, content, mode, info);
    } else {
      byte[] bytes;
      try {
        bytes = content.read(0, Math.toIntExact(length)); // below the threshold, which the config bounds
      } catch (IOException e) {
        throw errors.contentUnreadable(key, e);
      }
      List<Storage.BlobTargetOption> options = new ArrayList<>();
      options.add(Storage.BlobTargetOption.disableGzipContent());
      if (mode == PutMode.CREATE_IF_ABSENT) {
        options.add(Storage.BlobTargetOption.doesNotExist());
      }
      try {
        storage.create(info, bytes, options.toArray(Storage.BlobTargetOption[]::new));
      } catch (RuntimeException e) {
        throw errors.translate("put", key, e);
      }
    }
    bucketSeen = true;
  }

  private void putResumable(BlobKey key, BlobContent content, PutMode mode, com.google.cloud.storage.BlobInfo info)
      throws StorageException {
    List<Storage.BlobWriteOption> options = new ArrayList<>();
    options.add(Storage.BlobWriteOption.disableGzipContent());
    if (mode == PutMode.CREATE_IF_ABSENT) {
      options.add(Storage.BlobWriteOption.doesNotExist());
    }
    WriteChannel channel;
    try {
      channel = storage.writer(info, options.toArray(Storage.BlobWriteOption[]::new));
    } catch (RuntimeException e) {
      throw errors.translate("put", key, e);
    }
    channel.setChunkSize(config.chunkSizeBytes());
    long length = content.length();
    for (long offset = 0; offset < length; ) {
      int n = (int) Math.min(config.chunkSizeBytes(), length - offset);
      ByteBuffer buffer;
      try {
        buffer = ByteBuffer.wrap(content.read(offset, n));
      } catch (IOException e) {
        // the channel stays open on purpose: closing it would finalise a truncated object
        throw errors.contentUnreadable(key, e);
      }
      try {
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException | RuntimeException e) {
        throw errors.translate("put", key, e);
      }
      offset += n;
    }
    try {
      channel.close(); // sends the last chunk and finalises: the object appears now
    } catch (IOException | RuntimeException e) {
      throw errors.translate("put", key, e);
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
    ReadChannel channel = storage.reader(blobId(key));
    try {
      channel.setChunkSize(2 * 1024 * 1024);
      if (range.offset() > 0) {
        channel.seek(range.offset());
      }
      if (!range.toEnd()) {
        channel.limit(range.offset() + range.length());
      }
      // the channel is lazy: read the first bytes now, so a missing object fails here and not in the caller
      ByteBuffer first = ByteBuffer.allocate((int) Math.min(FIRST_READ_BYTES, range.length()));
      int n = 0;
      while (first.hasRemaining() && n >= 0) {
        n = channel.read(first);
      }
      first.flip();
      bucketSeen = true;
      InputStream head = new java.io.ByteArrayInputStream(first.array(), 0, first.limit());
      if (n < 0) {
        channel.close();
        return head;
      }
      return new SequenceInputStream(head, Channels.newInputStream(channel));
    } catch (IOException | RuntimeException e) {
      channel.close();
      StorageException translated = errors.translate("open", key, e);
      if (translated instanceof StorageException.Rejected && rangeNotSatisfiable(e)) {
        return InputStream.nullInputStream(); // offset at or past the end of an existing object
      }
      throw translated;
    }
  }

  private static boolean rangeNotSatisfiable(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof com.google.cloud.BaseServiceException service && service.getCode() == 416) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    Blob blob;
    try {
      blob = storage.get(blobId(key));
    } catch (RuntimeException e) {
      throw errors.translate("stat", key, e);
    }
    if (blob == null) {
      checkBucket("stat", key); // the client answers null for a missing bucket as for a missing object
      return Optional.empty();
    }
    bucketSeen = true;
    return Optional.of(info(key, blob));
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    Objects.requireNonNull(prefix, "prefix");
    Page<Blob> first;
    try {
      first = storage.list(config.bucket(), Storage.BlobListOption.prefix(namePrefix + prefix),
          Storage.BlobListOption.pageSize(config.listPageSize()));
    } catch (RuntimeException e) {
      throw errors.translate("list", null, e);
    }
    bucketSeen = true;
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(new Listing(first), Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    Objects.requireNonNull(key, "key");
    try {
      storage.delete(blobId(key)); // false when already gone
    } catch (RuntimeException e) {
      StorageException translated = errors.translate("delete", key, e);
      if (!(translated instanceof StorageException.NotFound)) {
        throw translated;
      }
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() throws StorageException {
    try {
      storage.close();
    } catch (Exception e) {
      throw new StorageException.Transient("close", null, description, "closing the client failed", e);
    }
  }

  @Override
  public String toString() {
    return "GcsStorageBackend[" + description + "]";
  }

  private BlobId blobId(BlobKey key) {
    return BlobId.of(config.bucket(), namePrefix + key.value());
  }

  private void checkBucket(String operation, BlobKey key) throws StorageException {
    if (bucketSeen) {
      return;
    }
    com.google.cloud.storage.Bucket bucket;
    try {
      bucket = storage.get(config.bucket());
    } catch (RuntimeException e) {
      throw errors.translate(operation, key, e);
    }
    if (bucket == null) {
      throw errors.bucketMissing(operation, key);
    }
    bucketSeen = true;
  }

  private static BlobInfo info(BlobKey key, Blob blob) {
    Instant modified = blob.getUpdateTimeOffsetDateTime() != null
        ? blob.getUpdateTimeOffsetDateTime().toInstant()
        : Instant.EPOCH;
    return new BlobInfo(key, blob.getSize() == null ? 0 : blob.getSize(), modified);
  }

  /** Walks the client's pages; each further page is one request, made when the stream gets there. */
  private final class Listing implements Iterator<BlobInfo> {
    private final ArrayDeque<BlobInfo> items = new ArrayDeque<>();
    private Page<Blob> page;

    Listing(Page<Blob> first) {
      this.page = first;
      take(first);
    }

    private void take(Page<Blob> current) {
      for (Blob blob : current.getValues()) {
        String name = blob.getName();
        if (name.startsWith(namePrefix) && BlobKey.isValid(name.substring(namePrefix.length()))) {
          items.add(info(BlobKey.of(name.substring(namePrefix.length())), blob));
        }
      }
    }

    @Override
    public boolean hasNext() {
      while (items.isEmpty() && page != null && page.hasNextPage()) {
        try {
          page = page.getNextPage();
        } catch (RuntimeException e) {
          throw new UncheckedIOException(errors.translate("list", null, e));
        }
        if (page != null) {
          take(page);
        }
      }
      return !items.isEmpty();
    }

    @Override
    public BlobInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return items.poll();
    }
  }
}
