package dev.pouch.storage.metering;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StorageBackend} decorator that counts requests, failures by kind, bytes and latency per operation into a
 * {@link StorageMeter}. It changes nothing about the calls: results and exceptions pass through untouched.
 */
public final class MeteredStorageBackend implements StorageBackend {

  private final StorageBackend inner;
  private final StorageMeter meter;
  private final LongSupplier nanoTime;

  private MeteredStorageBackend(StorageBackend inner, StorageMeter meter, LongSupplier nanoTime) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.meter = Objects.requireNonNull(meter, "meter");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Wraps {@code inner}.
   *
   * @param nanoTime a monotonic nanosecond clock, {@code System::nanoTime} in production
   */
  public static MeteredStorageBackend of(StorageBackend inner, StorageMeter meter, LongSupplier nanoTime) {
    return new MeteredStorageBackend(inner, meter, nanoTime);
  }

  /** The meter this backend feeds. */
  public StorageMeter meter() {
    return meter;
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    BlobContent counted = new BlobContent() {
      @Override
      public long length() {
        return content.length();
      }

      @Override
      public InputStream open(long offset, long length) throws IOException {
        // content failures fail the put, which is counted as such; they are not counted twice
        return new CountingInputStream(content.open(offset, length),
            n -> meter.recordBytes(StorageOperation.PUT, n), e -> { });
      }
    };
    long start = nanoTime.getAsLong();
    try {
      inner.put(key, counted, mode);
      meter.recordCall(StorageOperation.PUT, nanoTime.getAsLong() - start, null);
    } catch (StorageException | RuntimeException | Error e) {
      meter.recordCall(StorageOperation.PUT, nanoTime.getAsLong() - start, e);
      throw e;
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    long start = nanoTime.getAsLong();
    InputStream in;
    try {
      in = inner.open(key, range);
      meter.recordCall(StorageOperation.OPEN, nanoTime.getAsLong() - start, null);
    } catch (StorageException | RuntimeException | Error e) {
      meter.recordCall(StorageOperation.OPEN, nanoTime.getAsLong() - start, e);
      throw e;
    }
    return new CountingInputStream(in, n -> meter.recordBytes(StorageOperation.OPEN, n),
        e -> meter.recordError(StorageOperation.OPEN, e));
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    long start = nanoTime.getAsLong();
    try {
      Optional<BlobInfo> info = inner.stat(key);
      meter.recordCall(StorageOperation.STAT, nanoTime.getAsLong() - start, null);
      return info;
    } catch (StorageException | RuntimeException | Error e) {
      meter.recordCall(StorageOperation.STAT, nanoTime.getAsLong() - start, e);
      throw e;
    }
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    long start = nanoTime.getAsLong();
    Stream<BlobInfo> listed;
    try {
      listed = inner.list(prefix);
      meter.recordCall(StorageOperation.LIST, nanoTime.getAsLong() - start, null);
    } catch (StorageException | RuntimeException | Error e) {
      meter.recordCall(StorageOperation.LIST, nanoTime.getAsLong() - start, e);
      throw e;
    }
    Iterator<BlobInfo> entries = listed.iterator();
    Iterator<BlobInfo> counted = new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return entries.hasNext();
        } catch (UncheckedIOException e) {
          meter.recordError(StorageOperation.LIST, e.getCause());
          throw e;
        }
      }

      @Override
      public BlobInfo next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return entries.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(counted,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(listed::close);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    long start = nanoTime.getAsLong();
    try {
      inner.delete(key);
      meter.recordCall(StorageOperation.DELETE, nanoTime.getAsLong() - start, null);
    } catch (StorageException | RuntimeException | Error e) {
      meter.recordCall(StorageOperation.DELETE, nanoTime.getAsLong() - start, e);
      throw e;
    }
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
