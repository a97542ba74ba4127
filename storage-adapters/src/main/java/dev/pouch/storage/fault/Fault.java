package dev.pouch.storage.fault;

import dev.pouch.storage.StorageOperation;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** What happens to a call that a {@link When} selects. */
public sealed interface Fault {

  /** The operations this fault can apply to. */
  Set<StorageOperation> appliesTo();

  /** Any operation: throw {@code failure} without calling the wrapped backend. */
  record Fail(Failure failure) implements Fault {
    public Fail {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.values());
    }
  }

  /** Any operation: wait {@code latency} (through the injected sleeper), then proceed. */
  record Delay(Duration latency) implements Fault {
    public Delay {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("negative latency: " + latency);
      }
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.values());
    }
  }

  /**
   * Put: the wrapped backend performs the put, but the content it reads fails with an {@link java.io.IOException}
   * after {@code bytes} bytes (the connection broke mid-upload). What the caller sees is the wrapped backend's
   * reaction, which the contract says must leave no blob.
   */
  record FailUploadAfter(long bytes) implements Fault {
    public FailUploadAfter {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative byte count: " + bytes);
      }
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.PUT);
    }
  }

  /** Put: report {@link dev.pouch.storage.StorageException.AlreadyExists} without performing the put. */
  record ReportAlreadyExists() implements Fault {
    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.PUT);
    }
  }

  /** Put: perform the put, then throw {@link dev.pouch.storage.StorageException.OutcomeUnknown} (reply lost). */
  record DropAfterSend() implements Fault {
    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.PUT);
    }
  }

  /** Put: return normally without performing the put (a store that acknowledges and loses the write). */
  record LoseWrite() implements Fault {
    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.PUT);
    }
  }

  /** Open: the returned stream ends cleanly after {@code keepBytes} bytes (a silently short read). */
  record TruncateRead(long keepBytes) implements Fault {
    public TruncateRead {
      if (keepBytes < 0) {
        throw new IllegalArgumentException("negative byte count: " + keepBytes);
      }
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.OPEN);
    }
  }

  /** Open: the returned stream throws {@link java.io.IOException} after {@code bytes} bytes (connection reset). */
  record FailReadAfter(long bytes) implements Fault {
    public FailReadAfter {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative byte count: " + bytes);
      }
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.OPEN);
    }
  }

  /**
   * List: the returned stream fails after {@code entries} entries with an {@link java.io.UncheckedIOException}
   * wrapping {@link dev.pouch.storage.StorageException.Transient}, as a listing whose next page request failed.
   */
  record FailListAfter(long entries) implements Fault {
    public FailListAfter {
      if (entries < 0) {
        throw new IllegalArgumentException("negative entry count: " + entries);
      }
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.LIST);
    }
  }

  /** Open: the lowest bit of the byte at {@code offset} of the returned stream is flipped (silent corruption). */
  record FlipBit(long offset) implements Fault {
    public FlipBit {
      if (offset < 0) {
        throw new IllegalArgumentException("negative offset: " + offset);
      }
    }

    @Override
    public Set<StorageOperation> appliesTo() {
      return Set.of(StorageOperation.OPEN);
    }
  }
}
