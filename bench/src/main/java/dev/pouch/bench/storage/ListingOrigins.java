package dev.pouch.bench.storage;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A decorator that remembers, for every listing, its prefix and the agent method that asked for it (the first stack
 * frame in {@code dev.pouch.agent}), to say where the listings of a backup or a prune come from
 * ({@code MeteredStorageBackend} counts list calls, not their prefixes). Everything else passes through. Thread-safe.
 */
public final class ListingOrigins implements StorageBackend {

  /** One listing: the prefix and {@code Class.method} of the agent code that asked. */
  public record Listing(String prefix, String origin) {}

  private final StorageBackend inner;
  private final List<Listing> listings = new CopyOnWriteArrayList<>();

  public ListingOrigins(StorageBackend inner) {
    this.inner = inner;
  }

  /** Every listing since the last {@link #reset()}, in order. */
  public List<Listing> listings() {
    return List.copyOf(listings);
  }

  /** Listings per prefix since the last {@link #reset()}, ordered by prefix. */
  public java.util.Map<String, Long> countsByPrefix() {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    listings.forEach(l -> counts.merge(l.prefix(), 1L, Long::sum));
    return counts;
  }

  /** Forgets the listings so far. */
  public void reset() {
    listings.clear();
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    String origin = StackWalker.getInstance().walk(frames -> frames
        .filter(f -> f.getClassName().startsWith("dev.pouch.agent."))
        .findFirst()
        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
        .orElse("?"));
    listings.add(new Listing(prefix, origin));
    return inner.list(prefix);
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
