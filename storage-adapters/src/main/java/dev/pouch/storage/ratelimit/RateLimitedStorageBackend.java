package dev.pouch.storage.ratelimit;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A {@link StorageBackend} decorator that limits upload and download bandwidth, each direction with its own token
 * bucket shared by every call (and thread) using this backend. Uploads are throttled as the wrapped backend reads the
 * put's content, downloads as the caller reads an opened stream; the calls themselves are never delayed, so a
 * throttled stream does not hold a request slot while it waits to start.
 */
public final class RateLimitedStorageBackend implements StorageBackend {

  private final StorageBackend inner;
  private final BandwidthLimits limits;
  private final TokenBucket upload; // null: unlimited
  private final TokenBucket download; // null: unlimited

  private RateLimitedStorageBackend(StorageBackend inner, BandwidthLimits limits, LongSupplier nanoTime,
      Sleeper sleeper) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.upload = limits.limitsUpload() ? new TokenBucket(limits.uploadBytesPerSecond(), nanoTime, sleeper) : null;
    this.download =
        limits.limitsDownload() ? new TokenBucket(limits.downloadBytesPerSecond(), nanoTime, sleeper) : null;
  }

  /**
   * Wraps {@code inner}.
   *
   * @param nanoTime a monotonic nanosecond clock, {@code System::nanoTime} in production
   * @param sleeper waits while a direction is over its rate
   */
  public static RateLimitedStorageBackend of(StorageBackend inner, BandwidthLimits limits, LongSupplier nanoTime,
      Sleeper sleeper) {
    return new RateLimitedStorageBackend(inner, limits, nanoTime, sleeper);
  }

  /** The limits this backend enforces. */
  public BandwidthLimits limits() {
    return limits;
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    if (upload == null) {
      inner.put(key, content, mode);
      return;
    }
    inner.put(key, new BlobContent() {
      @Override
      public long length() {
        return content.length();
      }

      @Override
      public InputStream open(long offset, long length) throws IOException {
        return new ThrottledInputStream(content.open(offset, length), upload);
      }
    }, mode);
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    InputStream in = inner.open(key, range);
    return download == null ? in : new ThrottledInputStream(in, download);
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    return inner.stat(key);
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    return inner.list(prefix);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    inner.delete(key);
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public Optional<StorageBackend> decorated() {
    return Optional.of(inner);
  }

  @Override
  public void close() throws StorageException {
    inner.close();
  }
}
