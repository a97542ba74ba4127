package dev.pouch.bench.prune;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * A {@link StorageBackend} decorator that counts listing passes per prefix ({@code MeteredStorageBackend} counts
 * list calls, not which prefix they were for). Everything else passes through untouched. Thread-safe.
 */
final class ListCountingStorageBackend implements StorageBackend {

  private final StorageBackend inner;
  private final ConcurrentHashMap<String, LongAdder> listings = new ConcurrentHashMap<>();

  ListCountingStorageBackend(StorageBackend inner) {
    this.inner = inner;
  }

  /** Listing calls per prefix since the last {@link #reset()}, ordered by prefix. */
  Map<String, Long> listings() {
    Map<String, Long> out = new TreeMap<>();
    listings.forEach((prefix, count) -> out.put(prefix, count.sum()));
    return out;
  }

  void reset() {
    listings.clear();
  }

  @Override
  public Capabilities capabilities() {
    return inner.capabilities();
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    inner.put(key, content, mode);
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    return inner.open(key, range);
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    return inner.stat(key);
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    listings.computeIfAbsent(prefix, p -> new LongAdder()).increment();
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
