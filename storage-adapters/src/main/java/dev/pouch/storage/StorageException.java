package dev.pouch.storage;

import java.io.IOException;

/**
 * The one error family of every {@link StorageBackend}. Adapters classify SDK errors into these leaves at throw time
 * (in their package-private {@code XxxErrors}); nothing above the adapters sees an SDK exception.
 *
 * <p>Messages read {@code <operation> failed for <key> on <backend>: <reason>} ({@code <operation> failed on <backend>:
 * <reason>} for operations on no single key).
 */
public abstract sealed class StorageException extends IOException {

  private final String operation;
  private final BlobKey key;
  private final String backend;
  private final String reason;

  protected StorageException(String operation, BlobKey key, String backend, String reason, Throwable cause) {
    super(operation + " failed" + (key == null ? "" : " for " + key.value()) + " on " + backend + ": " + reason,
        cause);
    this.operation = operation;
    this.key = key;
    this.backend = backend;
    this.reason = reason;
  }

  /** What went wrong, without the operation, key and backend. */
  public String reason() {
    return reason;
  }

  /** The operation that failed: put, open, stat, list, delete. */
  public String operation() {
    return operation;
  }

  /** The key concerned, or null for operations on no single key (list, connect). */
  public BlobKey key() {
    return key;
  }

  /** The backend's {@link StorageBackend#describe()}. */
  public String backend() {
    return backend;
  }

  /** Whether repeating the same call may succeed. */
  public abstract boolean isRetryable();

  /** The key does not exist. */
  public static final class NotFound extends StorageException {
    public NotFound(String operation, BlobKey key, String backend, Throwable cause) {
      super(operation, key, backend, "not found", cause);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** A {@link PutMode#CREATE_IF_ABSENT} put found the key taken. */
  public static final class AlreadyExists extends StorageException {
    public AlreadyExists(String operation, BlobKey key, String backend, Throwable cause) {
      super(operation, key, backend, "already exists", cause);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** The bucket, container or directory itself is missing. */
  public static final class ContainerMissing extends StorageException {
    public ContainerMissing(String operation, BlobKey key, String backend, String reason, Throwable cause) {
      super(operation, key, backend, reason, cause);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** Credentials are missing, wrong or lack the permission. */
  public static final class AccessDenied extends StorageException {
    public AccessDenied(String operation, BlobKey key, String backend, String reason, Throwable cause) {
      super(operation, key, backend, reason, cause);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** The service refused the request as malformed or unsupported; retrying the same request cannot help. */
  public static final class Rejected extends StorageException {
    public Rejected(String operation, BlobKey key, String backend, String reason, Throwable cause) {
      super(operation, key, backend, reason, cause);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** A failure known not to have taken effect (throttling, 5xx before processing, refused connection). */
  public static final class Transient extends StorageException {
    private final boolean unreachable;

    public Transient(String operation, BlobKey key, String backend, String reason, Throwable cause) {
      this(operation, key, backend, reason, cause, false);
    }

    private Transient(String operation, BlobKey key, String backend, String reason, Throwable cause,
        boolean unreachable) {
      super(operation, key, backend, reason, cause);
      this.unreachable = unreachable;
    }

    /**
     * No connection could be made at all (connection refused, unknown host, connect timeout): the request never left
     * this machine. Retrying may help after a blip, but an endpoint that was never reached is more likely wrong than
     * down, which is why the retry layer gives such failures a smaller budget until the service has answered once.
     */
    public static Transient unreachable(String operation, BlobKey key, String backend, String reason,
        Throwable cause) {
      return new Transient(operation, key, backend, reason, cause, true);
    }

    /** Whether no connection could be made (see the factory of the same name). */
    public boolean unreachable() {
      return unreachable;
    }

    @Override
    public boolean isRetryable() {
      return true;
    }
  }

  /**
   * The request was sent but no answer came back (timeout, connection reset after sending): it may or may not have
   * taken effect. Retrying is safe only for content-addressed keys; otherwise resolve it with {@code stat}.
   */
  public static final class OutcomeUnknown extends StorageException {
    public OutcomeUnknown(String operation, BlobKey key, String backend, String reason, Throwable cause) {
      super(operation, key, backend, reason, cause);
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }
}
