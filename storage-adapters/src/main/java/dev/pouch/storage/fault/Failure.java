package dev.pouch.storage.fault;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;

/** Which {@link StorageException} leaf an injected failure throws. */
public enum Failure {
  /** Retryable: the call is known not to have taken effect. */
  TRANSIENT,
  /** Retryable: no connection could be made ({@link StorageException.Transient#unreachable()}). */
  UNREACHABLE,
  /** The call is not performed, but the caller cannot know that. */
  OUTCOME_UNKNOWN,
  NOT_FOUND,
  ACCESS_DENIED,
  /** Permanent: the request is refused as malformed or unsupported. */
  REJECTED,
  CONTAINER_MISSING;

  StorageException exception(String operation, BlobKey key, String backend) {
    String reason = "injected " + name().toLowerCase(java.util.Locale.ROOT) + " fault";
    return switch (this) {
      case TRANSIENT -> new StorageException.Transient(operation, key, backend, reason, null);
      case UNREACHABLE -> StorageException.Transient.unreachable(operation, key, backend, reason, null);
      case OUTCOME_UNKNOWN -> new StorageException.OutcomeUnknown(operation, key, backend, reason, null);
      case NOT_FOUND -> new StorageException.NotFound(operation, key, backend, null);
      case ACCESS_DENIED -> new StorageException.AccessDenied(operation, key, backend, reason, null);
      case REJECTED -> new StorageException.Rejected(operation, key, backend, reason, null);
      case CONTAINER_MISSING -> new StorageException.ContainerMissing(operation, key, backend, reason, null);
    };
  }
}
