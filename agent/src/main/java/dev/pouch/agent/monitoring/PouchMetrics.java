package dev.pouch.agent.monitoring;

import dev.pouch.agent.snapshot.BackupSummary;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The metrics of {@code pouch run}, in their own registry. Names follow design.md section 10. A gauge whose value
 * is not known yet is NaN (so alert expressions comparing it are false); "never" timestamps are 0 (so "time since"
 * is huge and overdue rules fire once their grace has passed). Thread-safe.
 *
 * <p>{@code pouch_wal_shipping_lag_seconds} stays NaN while {@code schedule.continuous} is off, and
 * {@code pouch_policy_321_satisfied} until the sidecar first evaluated the policy (at start, then after every backup
 * and its copies); {@code pouch_copy_lag_seconds} and {@code pouch_copies_total} have a series per configured copy
 * target.
 */
public final class PouchMetrics {

  private final PrometheusRegistry registry;

  private final Gauge startTime;
  private final Gauge ready;
  private final Gauge backupRunning;
  private final Gauge lastSuccess;
  private final Gauge lastAttempt;
  private final Gauge duration;
  private final Gauge lastSize;
  private final Gauge lastFiles;
  private final Gauge dedupRatio;
  private final Gauge successRate;
  private final Counter backups;
  private final Counter bytesRead;
  private final Counter bytesAdded;
  private final Counter bytesStored;
  private final Counter errors;
  private final Gauge overdueAfter;
  private final Gauge minSuccessRate;
  private final Gauge alertOnEmpty;
  private final Gauge healthAlert;
  private final Gauge verifyLastSuccess;
  private final Gauge verifyProblems;
  private final Gauge drillLastSuccess;
  private final Gauge drillPassed;
  private final Gauge drillRto;
  private final Gauge drillRpo;
  private final Gauge walLag;
  private final Counter walPieces;
  private final Gauge copyLag;
  private final Counter copies;
  private final Gauge policy321;
  private final Gauge cleanupLastSuccess;
  private final Counter cleanupSnapshots;
  private final Counter cleanupBytes;
  private final Gauge readRate;
  private final Gauge throttleLimit;

  public PouchMetrics() {
    this.registry = new PrometheusRegistry();
    startTime = gauge("pouch_agent_start_timestamp_seconds", "When this pouch run process started.");
    ready = gauge("pouch_ready", "1 when the repository is open and the last backup did not fail (as /readyz).");
    backupRunning = gauge("pouch_backup_running", "1 while a backup is running.");
    lastSuccess = gauge("pouch_backup_last_success_timestamp_seconds",
        "When the newest successful backup finished; 0 if there was none.");
    lastAttempt = gauge("pouch_backup_last_attempt_timestamp_seconds",
        "When the newest backup attempt (successful or not) finished; 0 if there was none.");
    duration = gauge("pouch_backup_duration_seconds", "Wall time of the newest successful backup.");
    lastSize = gauge("pouch_backup_last_size_bytes", "Bytes the newest snapshot holds (0 means an empty backup).");
    lastFiles = gauge("pouch_backup_last_files", "Files the newest snapshot holds.");
    dedupRatio = gauge("pouch_backup_dedup_ratio", "Bytes read / bytes new to the repository, newest backup "
        + "(NaN when nothing new was added).");
    successRate = gauge("pouch_backup_success_rate", "Successful / all recent backup attempts (NaN before the "
        + "first attempt of this process).");
    backups = Counter.builder().name("pouch_backups").help("Backup attempts by result and kind.")
        .labelNames("result", "kind").register(registry);
    bytesRead = counter("pouch_backup_bytes_read", "Bytes read from the source by backups.");
    bytesAdded = counter("pouch_backup_bytes_added", "Plaintext bytes of chunks new to the repository.");
    bytesStored = counter("pouch_backup_bytes_stored", "Bytes uploaded for new chunks (compressed, encrypted).");
    errors = Counter.builder().name("pouch_errors").help("Failed jobs by job (backup, verify, drill, copy, wal, "
        + "cleanup).")
        .labelNames("job").register(registry);
    overdueAfter = gauge("pouch_backup_overdue_after_seconds", "Configured alerts.overdue_after.");
    minSuccessRate = gauge("pouch_backup_min_success_rate", "Configured alerts.min_success_rate.");
    alertOnEmpty = gauge("pouch_backup_alert_on_empty", "Configured alerts.alert_on_empty (0/1).");
    healthAlert = Gauge.builder().name("pouch_health_alert").help("1 while a BackupMonitor check fires "
        + "(backup_overdue, success_rate_low, empty_backup), as 'pouch status' reports it.")
        .labelNames("alert").register(registry);
    verifyLastSuccess = gauge("pouch_verify_last_success_timestamp_seconds",
        "When the newest repository check without problems finished; 0 if there was none.");
    verifyProblems = gauge("pouch_verify_problems", "Problems the newest repository check found (NaN before one).");
    drillLastSuccess = gauge("pouch_drill_last_success_timestamp_seconds",
        "When the newest passing DR drill finished; 0 if there was none.");
    drillPassed = gauge("pouch_drill_last_passed", "1 if the newest DR drill passed, 0 if it failed, NaN before one.");
    drillRto = gauge("pouch_drill_rto_seconds", "Restore wall time measured by the newest DR drill.");
    drillRpo = gauge("pouch_drill_rpo_seconds", "Age of the newest recoverable point at the newest DR drill.");
    walLag = gauge("pouch_wal_shipping_lag_seconds", "While validated WAL bytes wait to be shipped: seconds since "
        + "the last shipping round after which nothing was waiting (the recovery point's age); 0 when caught up; NaN "
        + "while continuous shipping is off.");
    walPieces = counter("pouch_wal_pieces_shipped", "WAL and value-log pieces shipped by continuous backup.");
    copyLag = Gauge.builder().name("pouch_copy_lag_seconds").help("How far a copy target's newest copied snapshot is "
        + "behind the primary's newest snapshot (0: up to date; +Inf: holds no copy yet, or could not be read).")
        .labelNames("target").register(registry);
    copies = Counter.builder().name("pouch_copies").help("Copies to a copy target after a backup, by result.")
        .labelNames("target", "result").register(registry);
    policy321 = gauge("pouch_policy_321_satisfied", "1 when the 3-2-1 policy holds (3 copies counting the live data, "
        + "2 media, 1 offsite), 0 when not, NaN before the first evaluation.");
    cleanupLastSuccess = gauge("pouch_cleanup_last_success_timestamp_seconds",
        "When the newest scheduled cleanup (forget by retention, then prune) finished; 0 if there was none.");
    cleanupSnapshots = counter("pouch_cleanup_snapshots_removed", "Snapshots forgotten by scheduled cleanups.");
    cleanupBytes = counter("pouch_cleanup_bytes_deleted", "Stored bytes deleted by the prune of scheduled cleanups.");
    readRate = gauge("pouch_backup_read_rate_bytes_per_second", "Source bytes read per second: each second while a "
        + "backup reads, then the newest backup's average (NaN before the first backup).");
    throttleLimit = gauge("pouch_backup_throttle_limit_bytes_per_second", "Read limit in force: each second while a "
        + "backup reads (adaptive mode moves it), then the newest backup's average; +Inf when reads are not limited, "
        + "NaN before the first backup.");
    readRate.set(Double.NaN);
    throttleLimit.set(Double.NaN);

    for (String v : new String[] {"duration", "lastSize", "lastFiles", "dedupRatio", "successRate",
        "verifyProblems", "drillPassed", "drillRto", "drillRpo", "walLag", "policy321"}) {
      unknown(v);
    }
    for (BackupKind kind : BackupKind.values()) {
      backups.labelValues("success", kind.label());
      backups.labelValues("failure", kind.label());
    }
    for (String job : new String[] {"backup", "verify", "drill", "copy", "wal", "cleanup"}) {
      errors.labelValues(job);
    }
    for (AlertKind kind : AlertKind.values()) {
      healthAlert.labelValues(kind.label()).set(0);
    }
    thresholds(AlertThresholds.seed());
  }

  private void unknown(String field) {
    Gauge g = switch (field) {
      case "duration" -> duration;
      case "lastSize" -> lastSize;
      case "lastFiles" -> lastFiles;
      case "dedupRatio" -> dedupRatio;
      case "successRate" -> successRate;
      case "verifyProblems" -> verifyProblems;
      case "drillPassed" -> drillPassed;
      case "drillRto" -> drillRto;
      case "drillRpo" -> drillRpo;
      case "walLag" -> walLag;
      default -> policy321;
    };
    g.set(Double.NaN);
  }

  private Gauge gauge(String name, String help) {
    return Gauge.builder().name(name).help(help).register(registry);
  }

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The metrics in the Prometheus text format, as {@code /metrics} serves them. */
  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(),
          io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public void started(Instant at) {
    startTime.set(seconds(at));
  }

  public void ready(boolean isReady) {
    ready.set(isReady ? 1 : 0);
  }

  public void backupRunning(boolean running) {
    backupRunning.set(running ? 1 : 0);
  }

  public void thresholds(AlertThresholds t) {
    overdueAfter.set(t.overdueAfter().toMillis() / 1000.0);
    minSuccessRate.set(t.minSuccessRate());
    alertOnEmpty.set(t.alertOnEmpty() ? 1 : 0);
  }

  /**
   * The newest backup already in the repository at start, so that a restarted sidecar does not look overdue or
   * empty.
   */
  public void lastKnownBackup(Instant finished, long totalBytes, int files) {
    lastSuccess.set(seconds(finished));
    lastSize.set(totalBytes);
    lastFiles.set(files);
  }

  public void backupSucceeded(BackupKind kind, Instant finished, BackupSummary summary, long totalBytes, int files) {
    backups.labelValues("success", kind.label()).inc();
    lastSuccess.set(seconds(finished));
    lastAttempt.set(seconds(finished));
    duration.set(summary.duration().toMillis() / 1000.0);
    lastSize.set(totalBytes);
    lastFiles.set(files);
    dedupRatio.set(summary.bytesAdded() > 0 ? (double) summary.bytesRead() / summary.bytesAdded() : Double.NaN);
    bytesRead.inc(summary.bytesRead());
    bytesAdded.inc(summary.bytesAdded());
    bytesStored.inc(summary.bytesStored());
    readRate.set(summary.readRateBytesPerSecond() == null ? Double.NaN : summary.readRateBytesPerSecond());
    throttleLimit.set(summary.throttleLimitBytesPerSecond() == null ? Double.POSITIVE_INFINITY
        : summary.throttleLimitBytesPerSecond());
  }

  /** While a backup reads: its read rate over the last second and the read limit now (0: unlimited). */
  public void readThrottle(double readBytesPerSecond, long limitBytesPerSecond) {
    readRate.set(readBytesPerSecond);
    throttleLimit.set(limitBytesPerSecond == 0 ? Double.POSITIVE_INFINITY : limitBytesPerSecond);
  }

  public void backupFailed(BackupKind kind, Instant finished) {
    backups.labelValues("failure", kind.label()).inc();
    errors.labelValues("backup").inc();
    lastAttempt.set(seconds(finished));
  }

  public void successRate(Optional<Double> rate) {
    successRate.set(rate.orElse(Double.NaN));
  }

  public void health(HealthReport report) {
    for (AlertKind kind : AlertKind.values()) {
      healthAlert.labelValues(kind.label()).set(report.firing(kind) ? 1 : 0);
    }
  }

  public void verified(Instant finished, int problems) {
    verifyProblems.set(problems);
    if (problems == 0) {
      verifyLastSuccess.set(seconds(finished));
    } else {
      errors.labelValues("verify").inc();
    }
  }

  public void verifyFailed() {
    errors.labelValues("verify").inc();
  }

  public void drill(Instant finished, boolean passed, Duration rto, Optional<Duration> rpo) {
    drillPassed.set(passed ? 1 : 0);
    drillRto.set(rto.toMillis() / 1000.0);
    drillRpo.set(rpo.map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
    if (passed) {
      drillLastSuccess.set(seconds(finished));
    } else {
      errors.labelValues("drill").inc();
    }
  }

  /** Continuous shipping is on: the lag is 0 until a round finds WAL bytes waiting. */
  public void walShippingOn() {
    walLag.set(0);
  }

  /** After a shipping round: the pieces it wrote and the lag now (see the metric's help). */
  public void walShipped(int pieces, Duration lag) {
    walPieces.inc(pieces);
    walLag.set(lag.toMillis() / 1000.0);
  }

  /** A shipping round failed; {@code lag} keeps growing from the last time shipping was caught up. */
  public void walFailed(Duration lag) {
    errors.labelValues("wal").inc();
    walLag.set(lag.toMillis() / 1000.0);
  }

  /** A copy target exists: its series start at 0 copies and an unknown lag. */
  public void copyTarget(String target) {
    copies.labelValues(target, "success");
    copies.labelValues(target, "failure");
    copyLag.labelValues(target).set(Double.NaN);
  }

  public void copied(String target, boolean succeeded) {
    copies.labelValues(target, succeeded ? "success" : "failure").inc();
    if (!succeeded) {
      errors.labelValues("copy").inc();
    }
  }

  /** How far {@code target} is behind the primary; empty when it holds no copy or could not be read (+Inf). */
  public void copyLag(String target, Optional<Duration> lag) {
    copyLag.labelValues(target).set(lag.map(d -> d.toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY));
  }

  public void policy321(boolean satisfied) {
    policy321.set(satisfied ? 1 : 0);
  }

  public void cleanedUp(Instant finished, int snapshotsRemoved, long bytesDeleted) {
    cleanupLastSuccess.set(seconds(finished));
    cleanupSnapshots.inc(snapshotsRemoved);
    cleanupBytes.inc(bytesDeleted);
  }

  public void cleanupFailed() {
    errors.labelValues("cleanup").inc();
  }

  /** The newest passing drill recorded in the repository at start. */
  public void lastKnownDrill(Instant finished) {
    drillLastSuccess.set(seconds(finished));
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
