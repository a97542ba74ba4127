package dev.pouch.storage.memory;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A {@link StorageBackend} holding blobs in memory. Puts copy the content into a fresh array before it becomes
 * visible, so a put is atomic and later changes to the caller's array cannot leak in; create-if-absent is a single
 * {@code putIfAbsent} on a concurrent map and therefore atomic. Listing iterates a weakly consistent view of the sorted map: keys put or deleted during a listing may or may not appear, as on the clouds.
 */
public final class MemoryStorageBackend implements StorageBackend {

  private static final Capabilities CAPABILITIES = new Capabilities(true, true, false, false);

  // keyed by the key's string so a listing can seek to any prefix, valid key or not ("a/", "x-")
  private final ConcurrentNavigableMap<String, Blob> blobs = new ConcurrentSkipListMap<>();
  private final Clock clock;
  private final String name;

  private MemoryStorageBackend(Clock clock, String name) {
    this.clock = clock;
    this.name = name;
  }

  /** An empty backend stamping blobs with the system clock. */
  public static MemoryStorageBackend create() {
    return new MemoryStorageBackend(Clock.systemUTC(), "memory");
  }

  /** An empty backend stamping blobs with {@code clock}, described as {@code memory:<name>}. */
  public static MemoryStorageBackend create(Clock clock, String name) {
    return new MemoryStorageBackend(clock, "memory:" + name);
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    byte[] bytes = copyOf(key, content);
    Blob blob = new Blob(bytes, clock.instant());
    if (mode == PutMode.CREATE_IF_ABSENT) {
      if (blobs.putIfAbsent(key.value(), blob) != null) {
        throw new StorageException.AlreadyExists("put", key, name, null);
      }
    } else {
      blobs.put(key.value(), blob);
    }
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    Blob blob = blobs.get(key.value());
    if (blob == null) {
      throw new StorageException.NotFound("open", key, name, null);
    }
    byte[] bytes = blob.bytes();
    int from = (int) Math.min(range.offset(), bytes.length);
    int count = (int) Math.min(range.length(), bytes.length - from);
    return new ByteArrayInputStream(bytes, from, count);
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) {
    Blob blob = blobs.get(key.value());
    return blob == null ? Optional.empty() : Optional.of(blob.info(key));
  }

  @Override
  public Stream<BlobInfo> list(String prefix) {
    return blobs.tailMap(prefix, true).entrySet().stream()
        .takeWhile(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().info(BlobKey.of(e.getKey())));
  }

  @Override
  public void delete(BlobKey key) {
    blobs.remove(key.value());
  }

  @Override
  public String describe() {
    return name;
  }

  /** The keys stored now, in order; for test assertions. */
  public List<BlobKey> keys() {
    return blobs.keySet().stream().map(BlobKey::of).toList();
  }

  /** Bytes stored in all blobs; for test assertions. */
  public long totalBytes() {
    return blobs.values().stream().mapToLong(b -> b.bytes().length).sum();
  }

  private byte[] copyOf(BlobKey key, BlobContent content) throws StorageException {
    long length = content.length();
    if (length > Integer.MAX_VALUE - 8) {
      throw new StorageException.Rejected("put", key, name, "blob of " + length + " bytes exceeds memory limit",
          null);
    }
    try (InputStream in = content.open()) {
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length) {
        throw new StorageException.Rejected("put", key, name,
            "content delivered " + bytes.length + " of " + length + " bytes", null);
      }
      return bytes;
    } catch (StorageException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException.Transient("put", key, name, "reading the content failed: " + e.getMessage(), e);
    }
  }

  private record Blob(byte[] bytes, Instant lastModified) {
    BlobInfo info(BlobKey key) {
      return new BlobInfo(key, bytes.length, lastModified);
    }
  }
}
