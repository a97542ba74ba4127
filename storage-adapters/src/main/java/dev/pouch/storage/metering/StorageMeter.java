package dev.pouch.storage.metering;

import dev.pouch.storage.StorageOperation;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of storage traffic, per {@link StorageOperation}. One meter may be shared by several
 * {@link MeteredStorageBackend}s whose traffic should be summed.
 */
public final class StorageMeter {

  /**
   * What one operation did so far.
   *
   * @param requests calls made
   * @param failures calls that threw
   * @param bytes bytes uploaded (put) or downloaded (open); zero for the others
   * @param totalNanos the summed latency of all calls
   * @param errorsByKind failures by kind: the {@link dev.pouch.storage.StorageException} leaf's simple name
   *     ({@code Transient}, {@code NotFound}, ...), also counting failures that surfaced from a returned stream or
   *     listing after the call itself succeeded
   */
  public record OperationStats(long requests, long failures, long bytes, long totalNanos,
      Map<String, Long> errorsByKind) {

    public OperationStats {
      errorsByKind = Map.copyOf(errorsByKind);
    }

    static final OperationStats NONE = new OperationStats(0, 0, 0, 0, Map.of());

    /** Failures of one kind. */
    public long errors(String kind) {
      return errorsByKind.getOrDefault(kind, 0L);
    }
  }

  /** The counters at one moment; immutable. */
  public record Snapshot(Map<StorageOperation, OperationStats> operations) {

    public Snapshot {
      operations = Map.copyOf(operations);
    }

    /** The figures of one operation, zero if it never ran. */
    public OperationStats operation(StorageOperation operation) {
      return operations.getOrDefault(operation, OperationStats.NONE);
    }

    /** Bytes read from put contents. */
    public long bytesUploaded() {
      return operation(StorageOperation.PUT).bytes();
    }

    /** Bytes read from opened streams. */
    public long bytesDownloaded() {
      return operation(StorageOperation.OPEN).bytes();
    }

    /** Calls of every operation. */
    public long totalRequests() {
      return operations.values().stream().mapToLong(OperationStats::requests).sum();
    }
  }

  private static final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    OperationStats stats() {
      Map<String, Long> byKind = new TreeMap<>();
      errors.forEach((kind, count) -> byKind.put(kind, count.sum()));
      return new OperationStats(requests.sum(), failures.sum(), bytes.sum(), nanos.sum(), byKind);
    }
  }

  private final Map<StorageOperation, Counters> counters = new EnumMap<>(StorageOperation.class);

  public StorageMeter() {
    for (StorageOperation operation : StorageOperation.values()) {
      counters.put(operation, new Counters());
    }
  }

  /** The counters now. Each figure is exact, but figures of calls still running may be caught half-way. */
  public Snapshot snapshot() {
    Map<StorageOperation, OperationStats> stats = new EnumMap<>(StorageOperation.class);
    counters.forEach((operation, c) -> stats.put(operation, c.stats()));
    return new Snapshot(stats);
  }

  void recordCall(StorageOperation operation, long nanos, Throwable failure) {
    Counters c = counters.get(operation);
    c.requests.increment();
    c.nanos.add(nanos);
    if (failure != null) {
      c.failures.increment();
      recordError(operation, failure);
    }
  }

  void recordError(StorageOperation operation, Throwable failure) {
    counters.get(operation).errors.computeIfAbsent(failure.getClass().getSimpleName(), k -> new LongAdder())
        .increment();
  }

  void recordBytes(StorageOperation operation, long bytes) {
    counters.get(operation).bytes.add(bytes);
  }
}
