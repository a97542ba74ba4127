/**
 * Monitoring: the Prometheus metrics of {@code pouch run} ({@link PouchMetrics}, names in design.md section 10), the
 * HTTP server with {@code /metrics}, {@code /healthz} and {@code /readyz} ({@link MetricsServer}), and the seed's
 * BackupMonitor checks (backup overdue, low success rate, empty backup) as {@link HealthEvaluator}, shared by the
 * sidecar's metrics and {@code pouch status}. Nothing here reads the clock itself: times come from callers.
 */
package dev.pouch.agent.monitoring;
