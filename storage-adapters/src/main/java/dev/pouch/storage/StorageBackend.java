package dev.pouch.storage;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A flat namespace of immutable-by-convention blobs addressed by {@link BlobKey}.
 *
 * <p>Contract (executable form: {@code StorageBackendContract} in this module's test-jar):
 * <ul>
 *   <li><b>Atomicity and visibility.</b> {@link #put} is all-or-nothing: a reader sees either no blob or the whole
 *       new content under the key, never a prefix. Multipart uploads become visible only when completed.</li>
 *   <li><b>Conditional create.</b> With {@link PutMode#CREATE_IF_ABSENT}, of two racing writers exactly one wins; the
 *       other gets {@link StorageException.AlreadyExists}. Backends that cannot do this say so in
 *       {@link Capabilities#atomicCreateIfAbsent()}.</li>
 *   <li><b>Not found.</b> {@link #open} of a missing key throws {@link StorageException.NotFound}; {@link #stat}
 *       returns empty; {@link #delete} of a missing key succeeds (idempotent).</li>
 *   <li><b>Ranges.</b> {@link #open(BlobKey, ByteRange)} yields {@code min(length, size - offset)} bytes; an offset at
 *       or past the end yields an empty stream.</li>
 *   <li><b>Listing</b> is by key prefix, in lexicographic key order, lazily paged. An error while paging surfaces as
 *       {@link java.io.UncheckedIOException} wrapping a {@link StorageException}.</li>
 *   <li><b>Errors</b> are always {@link StorageException} leaves; no SDK exception escapes an adapter.</li>
 *   <li><b>Thread safety.</b> Every method may be called from many threads at once.</li>
 * </ul>
 */
public interface StorageBackend extends AutoCloseable {

  /** What this backend can do, declared rather than guessed. */
  Capabilities capabilities();

  /** Stores {@code content} under {@code key}. The content may be reopened for retries. */
  void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException;

  /** Opens the whole blob for reading. */
  default InputStream open(BlobKey key) throws StorageException {
    return open(key, ByteRange.ALL);
  }

  /** Opens part of a blob for reading. The caller closes the stream. */
  InputStream open(BlobKey key, ByteRange range) throws StorageException;

  /** Size and modification time of a blob, or empty when it does not exist. */
  Optional<BlobInfo> stat(BlobKey key) throws StorageException;

  /** Every blob whose key starts with {@code prefix}, in key order. The caller closes the stream. */
  Stream<BlobInfo> list(String prefix) throws StorageException;

  /** Removes a blob; succeeds when it is already gone. */
  void delete(BlobKey key) throws StorageException;

  /** Where this backend points, for messages: {@code s3://bucket/prefix}, {@code /srv/backup}. Never a secret. */
  String describe();

  /**
   * The backend this one decorates; empty for a backend that talks to storage itself. Every decorator returns its
   * inner backend, so that {@link #role} finds the adapter underneath.
   */
  default Optional<StorageBackend> decorated() {
    return Optional.empty();
  }

  /**
   * This backend, or the nearest one it decorates, if it plays {@code role}: one of the small optional interfaces
   * only some adapters implement ({@link StaleUploads}, {@link RetainedObjects}). Calls made through a role go
   * straight to that backend, past the decorators above it: they are maintenance calls that the adapter's SDK
   * retries itself and that no bandwidth limit or meter needs to see.
   */
  default <T> Optional<T> role(Class<T> role) {
    for (StorageBackend b = this; b != null; b = b.decorated().orElse(null)) {
      if (role.isInstance(b)) {
        return Optional.of(role.cast(b));
      }
    }
    return Optional.empty();
  }

  @Override
  default void close() throws StorageException {}
}
