package dev.pouch.it.cloud;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.RetainedObjects;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A hand-written fake of a bucket with Object Lock: memory storage whose puts get a retention by key
 * ({@code periods}, null for none) from the clock's time, as S3 sets retain-until on upload. A delete of a retained
 * object does what versioned S3 does, hiding it (the fake just forgets it), and is recorded, so tests can assert that
 * it was never tried.
 */
final class RetainingStorage implements StorageBackend, RetainedObjects {

  private final MemoryStorageBackend memory;
  private final Clock clock;
  private final Function<BlobKey, Duration> periods;
  private final Map<BlobKey, Instant> retainedUntil = new ConcurrentHashMap<>();
  private final List<BlobKey> retainedDeletes = new CopyOnWriteArrayList<>();
  private final List<BlobKey> deletes = new CopyOnWriteArrayList<>();

  RetainingStorage(Clock clock, Function<BlobKey, Duration> periods) {
    this.memory = MemoryStorageBackend.create(clock, "retaining");
    this.clock = clock;
    this.periods = periods;
  }

  /** Deletes tried on objects whose retention had not ended. */
  List<BlobKey> retainedDeletes() {
    return List.copyOf(retainedDeletes);
  }

  /** Every delete so far. */
  List<BlobKey> deletes() {
    return List.copyOf(deletes);
  }

  /** Forgets the recorded deletes. */
  void clearDeletes() {
    deletes.clear();
    retainedDeletes.clear();
  }

  @Override
  public boolean retentionEnabled() {
    return true;
  }

  @Override
  public Optional<Instant> retainedUntil(BlobKey key) {
    Instant until = retainedUntil.get(key);
    return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(true, false, false, true);
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    memory.put(key, content, mode);
    Duration period = periods.apply(key);
    if (period != null) {
      retainedUntil.put(key, clock.instant().plus(period));
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    return memory.open(key, range);
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    return memory.stat(key);
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    return memory.list(prefix);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    deletes.add(key);
    if (retainedUntil(key).isPresent()) {
      retainedDeletes.add(key);
    }
    memory.delete(key);
  }

  @Override
  public String describe() {
    return "retaining-memory";
  }
}
