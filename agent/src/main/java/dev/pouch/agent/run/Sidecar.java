package dev.pouch.agent.run;

import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.drill.DrillHistory;
import dev.pouch.agent.drill.DrillRecord;
import dev.pouch.agent.drill.DrillRequest;
import dev.pouch.agent.drill.DrillService;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.monitoring.AlertThresholds;
import dev.pouch.agent.monitoring.AttemptLog;
import dev.pouch.agent.monitoring.BackupAttempt;
import dev.pouch.agent.monitoring.BackupKind;
import dev.pouch.agent.monitoring.HealthEvaluator;
import dev.pouch.agent.monitoring.HealthInputs;
import dev.pouch.agent.monitoring.HealthReport;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.schedule.Schedule;
import dev.pouch.agent.schedule.Scheduler;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.agent.verify.VerifyService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The {@code pouch run} loop over one open repository. See the package documentation for stopping. One thread runs
 * the loop; {@link #requestStop()} and {@link #notReadyReason()} may be called from others.
 */
public final class Sidecar {

  /** The scheduled jobs. */
  public enum Job { FULL, INCREMENTAL, DRILL }

  private final Repository repository;
  private final PouchConfig config;
  private final BackupPlanner planner;
  private final PouchMetrics metrics;
  private final Consumer<SidecarEvent> events;
  private final Clock clock;
  private final String host;
  private final long pid;
  private final Scheduler<Job> scheduler;
  private final AttemptLog attempts;
  private final HealthEvaluator health;
  private final Instant startedAt;
  private volatile boolean stopping;
  private volatile Instant stopRequestedAt;
  private volatile Waiter waiter;
  private volatile String lastBackupFailure;
  private volatile Instant lastSuccess;
  private volatile Long lastBackupBytes;

  public Sidecar(Repository repository, PouchConfig config, BackupPlanner planner, PouchMetrics metrics,
      Consumer<SidecarEvent> events, String host, long pid) {
    this.repository = repository;
    this.config = config;
    this.planner = planner;
    this.metrics = metrics;
    this.events = events;
    this.clock = repository.clock();
    this.host = host;
    this.pid = pid;
    this.scheduler = new Scheduler<>(clock);
    this.attempts = new AttemptLog(config.alerts().successRateWindow());
    AlertThresholds thresholds = new AlertThresholds(config.alerts().overdueAfter(),
        config.alerts().minSuccessRate(), config.alerts().alertOnEmpty());
    this.health = new HealthEvaluator(thresholds);
    this.startedAt = clock.instant();
    ZoneId zone = ZoneId.of(config.schedule().timeZone());
    if (config.schedule().full() != null) {
      scheduler.add(Job.FULL, Schedule.parse(config.schedule().full(), zone));
    }
    if (config.schedule().incremental() != null) {
      scheduler.add(Job.INCREMENTAL, Schedule.parse(config.schedule().incremental(), zone));
    }
    if (config.verify().drill() != null) {
      scheduler.add(Job.DRILL, Schedule.parse(config.verify().drill(), zone));
    }
    metrics.started(startedAt);
    metrics.thresholds(thresholds);
  }

  /** Reads what the repository already holds (newest snapshot, newest passing drill) into the metrics. */
  public void loadState() throws IOException {
    List<SnapshotStore.Stored> snapshots = new SnapshotStore(repository).list().snapshots();
    if (!snapshots.isEmpty()) {
      Snapshot newest = snapshots.get(snapshots.size() - 1).snapshot();
      lastSuccess = HealthInputs.finished(newest);
      lastBackupBytes = newest.totalBytes();
      metrics.lastKnownBackup(lastSuccess, lastBackupBytes, newest.files().size());
    }
    new DrillHistory(repository).list().drills().stream().filter(DrillRecord::passed).reduce((a, b) -> b)
        .ifPresent(d -> metrics.lastKnownDrill(d.finished()));
    metrics.ready(true);
    evaluateHealth();
  }

  /** When the next job is due; empty when nothing is scheduled. */
  public Optional<Instant> nextDue() {
    return scheduler.nextDue();
  }

  /**
   * One step: runs every job due at the clock's current time and returns which ran. A full and an incremental
   * backup due together run once, as a full backup.
   */
  public List<Job> runDue() {
    List<Job> due = new ArrayList<>(scheduler.due(clock.instant()));
    if (due.contains(Job.FULL)) {
      due.remove(Job.INCREMENTAL);
    }
    List<Job> ran = new ArrayList<>();
    for (Job job : due) {
      if (stopping) {
        break;
      }
      switch (job) {
        case FULL -> backup(BackupKind.FULL);
        case INCREMENTAL -> backup(BackupKind.INCREMENTAL);
        case DRILL -> drill();
      }
      ran.add(job);
    }
    evaluateHealth();
    return ran;
  }

  /** Runs one backup now (and its verification), outside the schedule: {@code pouch run --once}. */
  public boolean backupNow(BackupKind kind) {
    boolean ok = backup(kind);
    evaluateHealth();
    return ok;
  }

  /** The production loop: step, then wait for the next due time, until {@link #requestStop()}. */
  public void runUntilStopped(Waiter waiter) throws InterruptedException {
    this.waiter = waiter;
    while (!stopping) {
      runDue();
      if (stopping) {
        break;
      }
      Instant next = scheduler.nextDue().orElse(clock.instant().plus(Duration.ofHours(1)));
      waiter.awaitUntil(next);
    }
    events.accept(new SidecarEvent(clock.instant(), "stop", "stopped"));
  }

  /**
   * Asks the loop to stop: no new job starts; a running backup may finish within {@code shutdown.grace}, after which
   * it is abandoned at its next chunk or file.
   */
  public void requestStop() {
    if (!stopping) {
      stopRequestedAt = clock.instant();
      stopping = true;
    }
    Waiter w = waiter;
    if (w != null) {
      w.wake();
    }
  }

  /** {@code /readyz}: empty when ready. */
  public Optional<String> notReadyReason() {
    if (stopping) {
      return Optional.of("stopping");
    }
    String failure = lastBackupFailure;
    return failure == null ? Optional.empty() : Optional.of("the last backup failed: " + failure);
  }

  private boolean backup(BackupKind kind) {
    metrics.backupRunning(true);
    Instant started = clock.instant();
    try {
      BackupPlanner.PlannedBackup planned = planner.plan(kind);
      BackupService service = new BackupService(repository, new LockService(repository, host, pid),
          planned.strategy());
      BackupService.BackupResult result = service.run(planned.request(), new StopAwareProgress());
      Instant finished = clock.instant();
      Snapshot s = result.snapshot();
      metrics.backupSucceeded(kind, finished, s.summary(), s.totalBytes(), s.files().size());
      attempts.record(new BackupAttempt(finished, true, s.totalBytes()));
      lastSuccess = finished;
      lastBackupBytes = s.totalBytes();
      lastBackupFailure = null;
      events.accept(new SidecarEvent(finished, "backup", kind.label() + " backup " + result.id().shortHex()
          + " saved: " + s.files().size() + " entries, " + s.totalBytes() + " bytes, " + s.summary().bytesAdded()
          + " bytes new" + (result.warnings().isEmpty() ? "" : "; warnings: " + String.join("; ",
          result.warnings()))));
      if (config.verify().afterBackup()) {
        verify();
      }
      return true;
    } catch (CancellationException e) {
      events.accept(new SidecarEvent(clock.instant(), "backup-abandoned", kind.label() + " backup abandoned at "
          + "shutdown after " + Duration.between(started, clock.instant()).toSeconds() + " s; no snapshot was "
          + "written, the repository is unchanged apart from unreferenced packs that prune removes"));
      return false;
    } catch (IOException | RuntimeException e) {
      Instant finished = clock.instant();
      metrics.backupFailed(kind, finished);
      attempts.record(new BackupAttempt(finished, false, 0));
      lastBackupFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
      events.accept(new SidecarEvent(finished, "backup-failed", kind.label() + " backup failed: "
          + lastBackupFailure));
      return false;
    } finally {
      metrics.backupRunning(false);
      metrics.ready(notReadyReason().isEmpty());
    }
  }

  private void verify() {
    try {
      VerifyReport report = new VerifyService(repository).verify(config.verify().readData(), threads(),
          Progress.NONE);
      metrics.verified(clock.instant(), report.problems().size());
      events.accept(new SidecarEvent(clock.instant(), report.ok() ? "verify" : "verify-failed", report.ok()
          ? "repository verified: " + report.snapshots() + " snapshots, " + report.packs() + " packs"
          + (config.verify().readData() ? ", " + report.chunksChecked() + " chunks read" : "")
          : report.problems().size() + " problem(s): " + report.problems().get(0).object() + " "
              + report.problems().get(0).description()));
    } catch (IOException | RuntimeException e) {
      metrics.verifyFailed();
      events.accept(new SidecarEvent(clock.instant(), "verify-failed", "verify could not run: " + e.getMessage()));
    }
  }

  private void drill() {
    try {
      Path scratch = Path.of(config.verify().drillScratch() != null ? config.verify().drillScratch()
          : System.getProperty("java.io.tmpdir"));
      DrillRecord d = new DrillService(repository).run(new DrillRequest("latest", scratch, false,
          config.restore().verifyBeforeRestore(), config.restore().verifyAfterRestore(), threads()), Progress.NONE);
      new DrillHistory(repository).append(d);
      metrics.drill(d.finished(), d.passed(), Duration.ofMillis((long) (d.rtoSeconds() * 1000)),
          Optional.ofNullable(d.rpoSeconds()).map(s -> Duration.ofMillis((long) (s * 1000))));
      events.accept(new SidecarEvent(d.finished(), d.passed() ? "drill" : "drill-failed", "drill " + d.id()
          + (d.passed() ? " passed" : " FAILED" + (d.failure() != null ? ": " + d.failure() : ""))
          + String.format(java.util.Locale.ROOT, ", RTO %.1f s", d.rtoSeconds())));
    } catch (IOException | RuntimeException e) {
      metrics.drill(clock.instant(), false, Duration.ZERO, Optional.empty());
      events.accept(new SidecarEvent(clock.instant(), "drill-failed", "drill could not run: " + e.getMessage()));
    }
  }

  private void evaluateHealth() {
    Optional<Double> rate = attempts.successRate();
    metrics.successRate(rate);
    HealthReport report = health.evaluate(clock.instant(), new HealthInputs(Optional.ofNullable(lastSuccess),
        Optional.ofNullable(lastBackupBytes), rate, Optional.of(startedAt)));
    metrics.health(report);
    metrics.ready(notReadyReason().isEmpty());
  }

  /** The health checks now, as the metrics show them. */
  public HealthReport health() {
    return health.evaluate(clock.instant(), new HealthInputs(Optional.ofNullable(lastSuccess),
        Optional.ofNullable(lastBackupBytes), attempts.successRate(), Optional.of(startedAt)));
  }

  private int threads() {
    return config.limits().threads() != null ? config.limits().threads()
        : Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The cancellation point of a running backup: called on the backup's own thread at every chunk and file, it
   * abandons the backup once a stop was requested and the grace has passed.
   */
  private final class StopAwareProgress implements Progress {
    @Override
    public void advance(long bytes) {
      check();
    }

    @Override
    public void item(String name) {
      check();
    }

    private void check() {
      Instant requested = stopRequestedAt;
      if (stopping && requested != null
          && !clock.instant().isBefore(requested.plus(config.shutdown().grace()))) {
        throw new CancellationException("stop requested");
      }
    }
  }
}
