package dev.pouch.agent.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time recovery against the simulator's ground truth, on a wall clock the test controls: every tick the
 * database writes and the shipper polls; base snapshots are taken now and then. Restores to random times inside the
 * window must equal the ground-truth state at exactly that time.
 */
class PointInTimeRecoveryTest {

  private static final Sleeper NO_SLEEP = d -> { };
  private static final ShipperOptions EVERY_POLL = ShipperOptions.defaults().withBatching(1, Duration.ZERO);

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));

  private Repository repository(StorageBackend backend) throws Exception {
    return TestRepositories.init(backend, clock);
  }

  private BackupService backups(Repository repo) {
    return new BackupService(repo, new LockService(repo, "h", 1),
        new WombatCapture(CaptureOptions.defaults(), NO_SLEEP, clock));
  }

  /** A simulated database in {@code data} that wrote {@code steps} times, backed up once into {@code repo}. */
  private WombatSimulator backedUp(Repository repo, Path data, long seed, int steps) throws Exception {
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), seed, clock);
    sim.steps(steps);
    backups(repo).run(BackupRequest.of(data, "h"), Progress.NONE);
    return sim;
  }

  private WalShipper shipper(Repository repo, Path data) throws Exception {
    return WalShipper.resume(repo, data, EVERY_POLL, new LockService(repo, "h", 1), NO_SLEEP, clock);
  }

  @Test
  void restoresToRandomTimesEqualTheGroundTruthExactly() throws Exception {
    Path data = tmp.resolve("data");
    Repository repo = repository(MemoryStorageBackend.create());
    WombatSimulator sim = backedUp(repo, data, 7, 50);
    Instant windowStart = clock.instant();
    WalShipper shipper = shipper(repo, data);
    Random random = new Random(11);
    for (int tick = 0; tick < 120; tick++) {
      clock.advance(Duration.ofSeconds(1));
      sim.steps(1 + random.nextInt(30));
      shipper.shipOnce();
      if (tick % 40 == 39) {
        backups(repo).run(BackupRequest.of(data, "h"), Progress.NONE);
      }
    }
    Instant windowEnd = clock.instant();
    for (int i = 0; i < 20; i++) {
      long offsetMillis = (long) (random.nextDouble() * Duration.between(windowStart, windowEnd).toMillis());
      Instant t = windowStart.plusMillis(offsetMillis);
      PitrRestoreService.PitrResult result = new PitrRestoreService(repo).restore(t, tmp.resolve("at-" + i), false,
          2, Progress.NONE);
      assertThat(result.check().digest()).as("restore to %s", t)
          .isEqualTo(sim.groundTruth().stateAt(t).digest().hex());
    }
  }

  @Test
  void aShipperKilledMidRoundResumesWithoutLossOrDuplicates() throws Exception {
    Path data = tmp.resolve("data");
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.recording(MemoryStorageBackend.create());
    Repository repo = repository(faulty);
    WombatSimulator sim = backedUp(repo, data, 3, 30);
    WalShipper shipper = shipper(repo, data);
    for (int round = 0; round < 30; round++) {
      clock.advance(Duration.ofSeconds(1));
      sim.steps(10);
      if (round % 7 == 3) {
        // The process dies after its packs were stored but before every piece was written.
        // Value-log pieces get written, WAL pieces do not.
        faulty.inject(When.every(StorageOperation.PUT).forKeys(k -> k.value().startsWith("wal/wal.")),
            new Fault.Fail(Failure.TRANSIENT));
        assertThatThrownBy(shipper::shipOnce).isInstanceOf(java.io.IOException.class);
        faulty.clearFaults();
        shipper = shipper(repo, data);
      } else {
        shipper.shipOnce();
      }
    }
    Map<PieceKey.FileId, List<PieceKey>> byFile = new HashMap<>();
    for (PieceKey k : PitrIndex.listPieces(repo)) {
      byFile.computeIfAbsent(k.file(), f -> new ArrayList<>()).add(k);
    }
    for (List<PieceKey> chain : byFile.values()) {
      chain.sort(java.util.Comparator.comparingLong(PieceKey::from));
      for (int i = 1; i < chain.size(); i++) {
        assertThat(chain.get(i).from()).as("contiguous, no overlap: %s", chain).isEqualTo(chain.get(i - 1).to());
      }
      assertThat(chain.get(0).from()).isZero();
    }
    Instant end = clock.instant();
    PitrRestoreService.PitrResult result = new PitrRestoreService(repo).restore(end, tmp.resolve("end"), false, 2,
        Progress.NONE);
    assertThat(result.check().digest()).isEqualTo(sim.groundTruth().stateAt(end).digest().hex());
  }

  @Test
  void anIdleDatabaseCostsNoRequests() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 5, clock);
    FaultInjectingStorageBackend recording = FaultInjectingStorageBackend.recording(MemoryStorageBackend.create());
    Repository repo = repository(recording);
    sim.steps(40);
    WalShipper shipper = shipper(repo, data);
    shipper.shipOnce();
    recording.clearCalls();
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofSeconds(5));
      assertThat(shipper.shipOnce().shipped()).isEmpty();
    }
    assertThat(recording.calls()).isEmpty();
  }

  /** Long after the last recovery point (idle, or shipping stopped: the repository cannot tell) the restore says so. */
  @Test
  void aTimeLongAfterTheLastRecoveryPointIsRestoredAndSaysWhatItRestsOn() throws Exception {
    Path data = tmp.resolve("data");
    Repository repo = repository(MemoryStorageBackend.create());
    WombatSimulator sim = backedUp(repo, data, 9, 30);
    WalShipper shipper = shipper(repo, data);
    clock.advance(Duration.ofSeconds(1));
    sim.steps(20);
    assertThat(shipper.shipOnce().shipped()).isNotEmpty();
    Instant lastPoint = clock.instant();

    clock.advance(Duration.ofMinutes(10)); // the database is idle
    Instant later = clock.instant();
    PitrRestoreService.PitrResult result = new PitrRestoreService(repo).restore(later, tmp.resolve("later"), false, 2,
        Progress.NONE);
    assertThat(result.check().digest()).isEqualTo(sim.groundTruth().stateAt(later).digest().hex());
    assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("newest recovery point", lastPoint.toString(),
        "10m0s earlier"));

    PitrRestoreService.PitrResult near = new PitrRestoreService(repo).restore(lastPoint.plusSeconds(1),
        tmp.resolve("near"), false, 2, Progress.NONE);
    assertThat(near.notes()).noneMatch(n -> n.contains("newest recovery point"));
  }

  @Test
  void aRequestBudgetBatchesABusyDatabase() throws Exception {
    Path data = tmp.resolve("data");
    Repository repo = repository(MemoryStorageBackend.create());
    WombatSimulator sim = backedUp(repo, data, 9, 20);
    WalShipper shipper = WalShipper.resume(repo, data, EVERY_POLL.withRequestsPerHour(720),
        new LockService(repo, "h", 1), NO_SLEEP, clock);
    long requests = 0;
    for (int i = 0; i < 1200; i++) { // twenty busy minutes, a poll every second
      clock.advance(Duration.ofSeconds(1));
      sim.steps(2);
      requests += shipper.shipOnce().requests();
    }
    // 720 requests an hour is 240 in twenty minutes, plus at most one minute's burst.
    assertThat(requests).isLessThanOrEqualTo(240 + 20).isGreaterThan(100);
    clock.advance(Duration.ofMinutes(10));
    shipper.shipOnce();
    Instant end = clock.instant();
    PitrRestoreService.PitrResult result = new PitrRestoreService(repo).restore(end, tmp.resolve("end"), false, 2,
        Progress.NONE);
    assertThat(result.check().digest()).isEqualTo(sim.groundTruth().stateAt(end).digest().hex());
  }

  @Test
  void forgetAndPruneKeepEveryPieceTheWindowNeeds() throws Exception {
    Path data = tmp.resolve("data");
    Repository repo = repository(MemoryStorageBackend.create());
    WombatSimulator sim = backedUp(repo, data, 13, 30);
    WalShipper shipper = shipper(repo, data);
    for (int tick = 0; tick < 60; tick++) {
      clock.advance(Duration.ofSeconds(1));
      sim.steps(5);
      shipper.shipOnce();
      if (tick == 29) {
        backups(repo).run(BackupRequest.of(data, "h"), Progress.NONE);
      }
    }
    Instant secondBase = PitrIndex.bases(repo).get(1).at();
    int piecesBefore = PitrIndex.listPieces(repo).size();
    dev.pouch.agent.audit.Actor actor = new dev.pouch.agent.audit.Actor("t", "h", 1);
    new dev.pouch.agent.retention.ForgetService(repo, new LockService(repo, "h", 1)).run(
        new dev.pouch.agent.retention.ForgetService.ForgetRequest(
            dev.pouch.agent.retention.RetentionPolicy.builder().keepLast(1).build(), java.util.Optional.empty(),
            List.of(), false, actor, "forget --keep-last 1"));
    assertThat(PitrIndex.listPieces(repo)).hasSizeLessThan(piecesBefore)
        .allSatisfy(p -> assertThat(p.capturedAt()).isAfterOrEqualTo(secondBase));
    new dev.pouch.agent.maintenance.PruneService(repo, new LockService(repo, "h", 1), 2).run(
        new dev.pouch.agent.maintenance.PruneService.PruneOptions(false, 0.5, false, actor, "prune"));
    assertThat(new dev.pouch.agent.verify.VerifyService(repo).verify(true, 2, Progress.NONE).problems()).isEmpty();
    for (int i = 0; i < 5; i++) {
      Instant t = secondBase.plusSeconds(i * 7L);
      PitrRestoreService.PitrResult result = new PitrRestoreService(repo).restore(t, tmp.resolve("after-" + i),
          false, 2, Progress.NONE);
      assertThat(result.check().digest()).as("restore to %s", t)
          .isEqualTo(sim.groundTruth().stateAt(t).digest().hex());
    }
  }
}
