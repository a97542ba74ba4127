package dev.pouch.agent.monitoring;

import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.metering.StorageMeter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;

/**
 * {@code pouch_storage_requests_total{backend,operation}}, {@code pouch_storage_errors_total{backend,operation,kind}}
 * and {@code pouch_storage_bytes_total{backend,operation}}, read from a {@link StorageMeter} at scrape time, so
 * the storage layer keeps no Prometheus dependency.
 */
public final class StorageMetricsCollector implements MultiCollector {

  private final String backend;
  private final StorageMeter meter;

  /** @param backend the label value: the repository URL's scheme ({@code local}, {@code s3}, ...) */
  public StorageMetricsCollector(String backend, StorageMeter meter) {
    this.backend = backend;
    this.meter = meter;
  }

  /** Registers a collector for {@code meter} with {@code metrics}' registry. */
  public static void register(PouchMetrics metrics, String backend, StorageMeter meter) {
    metrics.registry().register(new StorageMetricsCollector(backend, meter));
  }

  @Override
  public MetricSnapshots collect() {
    StorageMeter.Snapshot s = meter.snapshot();
    CounterSnapshot.Builder requests = CounterSnapshot.builder().name("pouch_storage_requests")
        .help("Storage requests by backend and operation.");
    CounterSnapshot.Builder errors = CounterSnapshot.builder().name("pouch_storage_errors")
        .help("Failed storage requests by backend, operation and error kind.");
    CounterSnapshot.Builder bytes = CounterSnapshot.builder().name("pouch_storage_bytes")
        .help("Bytes uploaded (put) and downloaded (open) by backend.");
    for (StorageOperation op : StorageOperation.values()) {
      StorageMeter.OperationStats stats = s.operation(op);
      Labels labels = Labels.of("backend", backend, "operation", op.label());
      requests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
          .value(stats.requests()).build());
      for (Map.Entry<String, Long> e : stats.errorsByKind().entrySet()) {
        errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(Labels.of("backend", backend, "operation", op.label(), "kind", e.getKey()))
            .value(e.getValue()).build());
      }
      if (op == StorageOperation.PUT || op == StorageOperation.OPEN) {
        bytes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
            .value(stats.bytes()).build());
      }
    }
    return MetricSnapshots.of(requests.build(), errors.build(), bytes.build());
  }
}
