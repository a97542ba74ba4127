package dev.pouch.agent.run;

import dev.pouch.agent.audit.Actor;
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
import dev.pouch.agent.pitr.PieceKey;
import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.pitr.ShipperOptions;
import dev.pouch.agent.pitr.WalShipper;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.schedule.Durations;
import dev.pouch.agent.schedule.Schedule;
import dev.pouch.agent.schedule.Scheduler;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.storage.Sleeper;
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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@code pouch run} loop over one open repository. See the package documentation for the jobs and for stopping.
 * One thread runs the loop and a second, with {@code schedule.continuous}, ships the WAL; {@link #requestStop()} and
 * {@link #notReadyReason()} may be called from others. {@link #close()} closes the copy targets it opened.
 */
public final class Sidecar implements AutoCloseable {

  /** The scheduled jobs. */
  public enum Job { FULL, INCREMENTAL, DRILL, CLEANUP }

  private final Repository repository;
  private final PouchConfig config;
  private final BackupPlanner planner;
  private final PouchMetrics metrics;
  private final Consumer<SidecarEvent> events;
  private final Clock clock;
  private final Actor actor;
  private final String host;
  private final long pid;
  private final Sleeper sleeper;
  private final Scheduler<Job> scheduler;
  private final AttemptLog attempts;
  private final HealthEvaluator health;
  private final Instant startedAt;
  private final CopyTargets copies;
  /** Held by every WAL shipping round and by cleanup, whose exclusive repository locks a round's shared one blocks. */
  private final ReentrantLock maintenance = new ReentrantLock();
  private ContinuousShipping shipping;
  private volatile boolean stopping;
  private volatile Instant stopRequestedAt;
  private volatile Waiter waiter;
  private volatile String lastBackupFailure;
  private volatile Instant lastSuccess;
  private volatile Long lastBackupBytes;

  /**
   * @param actor who the sidecar runs as; its host is the snapshot host name (locks, retention's host filter)
   * @param copyTargets opens the repositories of {@code copies:}
   * @param sleeper the WAL shipper's pause before re-reading a tail that may be torn
   */
  public Sidecar(Repository repository, PouchConfig config, BackupPlanner planner, PouchMetrics metrics,
      Consumer<SidecarEvent> events, Actor actor, CopyTargetOpener copyTargets, Sleeper sleeper) {
    this.repository = repository;
    this.config = config;
    this.planner = planner;
    this.metrics = metrics;
    this.events = events;
    this.clock = repository.clock();
    this.actor = actor;
    this.host = actor.host();
    this.pid = actor.pid();
    this.sleeper = sleeper;
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
    if (config.schedule().cleanup() != null) {
      scheduler.add(Job.CLEANUP, Schedule.parse(config.schedule().cleanup(), zone));
    }
    this.copies = new CopyTargets(repository, CopyTargets.where(config.repository()), config.copies(), copyTargets,
        Optional.ofNullable(config.alerts().maxCopyLag()), metrics, events, host, pid, threads());
    metrics.started(startedAt);
    metrics.thresholds(thresholds);
  }

  /**
   * Reads what the repository already holds (newest snapshot, newest passing drill, newest shipped WAL piece) into
   * the metrics, and evaluates the 3-2-1 policy once.
   */
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
    if (config.schedule().continuous() != null) {
      List<PieceKey> pieces = PitrIndex.listPieces(repository);
      Instant shippedUntil = pieces.isEmpty() ? clock.instant() : pieces.get(pieces.size() - 1).capturedAt();
      shipping = new ContinuousShipping(this::resumeShipper, Durations.parse(config.schedule().continuous()),
          maintenance, metrics, events, clock, shippedUntil);
    }
    copies.evaluate(snapshots);
    metrics.ready(true);
    evaluateHealth();
  }

  private ContinuousShipping.Shipper resumeShipper() throws IOException {
    ShipperOptions options = ShipperOptions.defaults().withCadence(Durations.parse(config.schedule().continuous()))
        .withRequestsPerHour(config.limits().requestsPerHour() == null ? 0 : config.limits().requestsPerHour());
    WalShipper shipper = WalShipper.resume(repository, Path.of(config.source().path()), options,
        new LockService(repository, host, pid), sleeper, clock);
    return ContinuousShipping.Shipper.of(shipper);
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
    if (!due.isEmpty()) {
      refreshKeyring();
    }
    for (Job job : due) {
      if (stopping) {
        break;
      }
      switch (job) {
        case FULL -> backup(BackupKind.FULL);
        case INCREMENTAL -> backup(BackupKind.INCREMENTAL);
        case DRILL -> drill();
        case CLEANUP -> cleanup();
      }
      ran.add(job);
    }
    evaluateHealth();
    return ran;
  }

  /**
   * Takes up key epochs that 'key rotate' or a copy added since this process opened the repository: without it the
   * sidecar went on sealing under the old epoch and could not read what other processes wrote under the new one
   * (their index objects, even their locks).
   */
  private void refreshKeyring() {
    try {
      if (repository.refreshKeyring()) {
        events.accept(new SidecarEvent(clock.instant(), "keyring", "took up the repository's key epochs "
            + repository.keyring().epochs() + "; new data is sealed under epoch "
            + repository.keyring().currentEpoch()));
      }
    } catch (IOException | RuntimeException e) {
      // the jobs report what they cannot read; a config that lost keys must not be adopted (refreshKeyring refuses)
      events.accept(new SidecarEvent(clock.instant(), "keyring-failed", "could not re-read the keyring: "
          + e.getMessage()));
    }
  }

  /** Runs one backup now (and its verification), outside the schedule: {@code pouch run --once}. */
  public boolean backupNow(BackupKind kind) {
    refreshKeyring();
    boolean ok = backup(kind);
    evaluateHealth();
    return ok;
  }

  /**
   * The production loop: starts WAL shipping (with {@code schedule.continuous}) on its own thread waiting with
   * {@code shippingWaiter}, then steps and waits for the next due time with {@code waiter}, until {@link
   * #requestStop()}. Returns once the shipping round in progress, if any, completed, or after {@code shutdown.grace}.
   */
  public void runUntilStopped(Waiter waiter, Waiter shippingWaiter) throws InterruptedException {
    this.waiter = waiter;
    if (shipping != null && !stopping) {
      shipping.start(shippingWaiter);
    }
    while (!stopping) {
      runDue();
      if (stopping) {
        break;
      }
      Instant next = scheduler.nextDue().orElse(clock.instant().plus(Duration.ofHours(1)));
      waiter.awaitUntil(next);
    }
    if (shipping != null) {
      shipping.requestStop();
      if (!shipping.awaitStopped(config.shutdown().grace())) {
        events.accept(new SidecarEvent(clock.instant(), "wal-abandoned", "a WAL shipping round was still running "
            + "after shutdown.grace; exiting without it (its pieces are written whole or not at all, and the next "
            + "start resumes where the repository's pieces end)"));
      }
    }
    events.accept(new SidecarEvent(clock.instant(), "stop", "stopped"));
  }

  /**
   * Asks the loop to stop: no new job starts; a running backup may finish within {@code shutdown.grace}, after which
   * it is abandoned at its next chunk or file; a WAL shipping round in progress completes.
   */
  public void requestStop() {
    if (!stopping) {
      stopRequestedAt = clock.instant();
      stopping = true;
    }
    if (shipping != null) {
      shipping.requestStop();
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
      copies.copyAndEvaluate(!stopping);
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

  private void cleanup() {
    maintenance.lock();
    try {
      Cleanup.Result r = new Cleanup(repository, config.retention(), actor, threads()).run();
      metrics.cleanedUp(clock.instant(), r.snapshotsRemoved(), r.prune().bytesDeleted());
      events.accept(new SidecarEvent(clock.instant(), "cleanup", (r.forget().isEmpty() ? "no retention rules, "
          + "nothing forgotten" : "forgot " + r.snapshotsRemoved() + " snapshot(s)") + "; pruned "
          + (r.prune().packsUnused() + r.prune().packsUnindexed() + r.prune().packsRepacked()) + " pack(s), "
          + r.prune().bytesDeleted() + " bytes deleted"));
    } catch (IOException | RuntimeException e) {
      metrics.cleanupFailed();
      events.accept(new SidecarEvent(clock.instant(), "cleanup-failed", "cleanup failed: " + e.getMessage()));
    } finally {
      if (shipping != null) {
        shipping.resumeAfterMaintenance();
      }
      maintenance.unlock();
    }
  }

  /** The WAL shipping of {@code schedule.continuous}, for tests that step its rounds; null when it is off. */
  ContinuousShipping shipping() {
    return shipping;
  }

  /** Closes the copy targets' storage. */
  @Override
  public void close() throws IOException {
    copies.close();
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
