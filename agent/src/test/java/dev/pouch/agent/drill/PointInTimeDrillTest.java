package dev.pouch.agent.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.pitr.PieceKey;
import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.pitr.ShipperOptions;
import dev.pouch.agent.pitr.WalShipper;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time drills against the simulator's ground truth on a manual clock: one base snapshot, then the WAL
 * shipped every second for 20 seconds.
 */
class PointInTimeDrillTest {

  private static final Sleeper NO_SLEEP = d -> { };
  private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(START);
  private MemoryStorageBackend backend;
  private Repository repo;
  private WombatSimulator sim;

  @BeforeEach
  void setUp() throws Exception {
    backend = MemoryStorageBackend.create();
    repo = TestRepositories.init(backend, clock);
    Path data = tmp.resolve("data");
    sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 13, clock);
    sim.steps(40);
  }

  /** A base snapshot at START, then a write and a shipping round every second until START + 20 s. */
  private void backupAndShip() throws Exception {
    new BackupService(repo, new LockService(repo, "h", 1), new WombatCapture(CaptureOptions.defaults(), NO_SLEEP,
        clock)).run(BackupRequest.of(tmp.resolve("data"), "h"), Progress.NONE);
    WalShipper shipper = WalShipper.resume(repo, tmp.resolve("data"),
        ShipperOptions.defaults().withBatching(1, Duration.ZERO), new LockService(repo, "h", 1), NO_SLEEP, clock);
    for (int tick = 0; tick < 20; tick++) {
      clock.advance(Duration.ofSeconds(1));
      sim.steps(4);
      shipper.shipOnce();
    }
  }

  private DrillRequest at(String pointInTime) {
    return new DrillRequest("latest", tmp.resolve("scratch"), false, true, true, 2, pointInTime);
  }

  private static String digest(DrillRecord d) {
    return d.checks().stream().filter(c -> c.check().equals("wombat")).flatMap(c -> c.notes().stream())
        .filter(n -> n.startsWith("semantic digest ")).findFirst().orElseThrow().substring("semantic digest ".length());
  }

  @Test
  void recoversTheStateAtTheTimeMeasuresRpoFromTheNewestRecoverablePointAndCleansUp() throws Exception {
    backupAndShip();
    clock.advance(Duration.ofSeconds(30)); // the drill runs 30 s after the last shipped round
    Instant t = START.plusSeconds(12);
    DrillRecord d = new DrillService(repo).run(at(t.toString()), Progress.NONE);
    assertThat(d.passed()).as(d.toString()).isTrue();
    assertThat(d.checks()).extracting(CheckOutcome::check).containsExactly("repository", "restore", "wombat", "wal");
    assertThat(digest(d)).isEqualTo(sim.groundTruth().stateAt(t).digest().hex());
    assertThat(d.pointInTime().target()).isEqualTo(t);
    assertThat(d.pointInTime().random()).isFalse();
    assertThat(d.pointInTime().piecesApplied()).isPositive();
    assertThat(d.pointInTime().newestRecoverable()).isEqualTo(START.plusSeconds(20));
    assertThat(d.rpoSeconds()).isEqualTo(30.0);
    assertThat(d.snapshot()).isEqualTo(PitrIndex.bases(repo).get(0).snapshot().id().hex());
    assertThat(d.files()).isPositive();
    try (var left = Files.list(tmp.resolve("scratch"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aRandomPointLiesInsideTheRecoverableWindowAndMatchesTheGroundTruth() throws Exception {
    backupAndShip();
    DrillRecord d = new DrillService(repo).run(at(DrillRequest.RANDOM_POINT), Progress.NONE);
    assertThat(d.passed()).as(d.toString()).isTrue();
    Instant t = d.pointInTime().target();
    assertThat(d.pointInTime().random()).isTrue();
    assertThat(t).isBetween(PitrIndex.bases(repo).get(0).at(), START.plusSeconds(20));
    // Pieces are polled each whole second: the state at t is the state at the last poll before it.
    assertThat(digest(d)).isEqualTo(sim.groundTruth().stateAt(t).digest().hex());
  }

  @Test
  void aMissingPieceBeforeTheTimeFailsTheDrillAsAnIntegrityProblem() throws Exception {
    backupAndShip();
    Map<PieceKey.FileId, List<PieceKey>> byFile = PitrIndex.listPieces(repo).stream()
        .filter(k -> k.file().kind().equals("wal")).collect(Collectors.groupingBy(PieceKey::file));
    PieceKey middle = byFile.values().stream().filter(l -> l.size() >= 3).findFirst().orElseThrow().get(1);
    backend.delete(middle.key());
    DrillRecord d = new DrillService(repo).run(at(START.plusSeconds(20).toString()), Progress.NONE);
    assertThat(d.passed()).isFalse();
    assertThat(d.integrityProblem()).isTrue();
    assertThat(d.checks()).filteredOn(c -> c.check().equals("wal")).singleElement()
        .satisfies(c -> assertThat(c.problems().get(0)).contains("pieces stop at"));
  }

  @Test
  void withoutAnyRecoverableWindowTheDrillCannotComplete() throws Exception {
    DrillRecord d = new DrillService(repo).run(at(DrillRequest.RANDOM_POINT), Progress.NONE);
    assertThat(d.passed()).isFalse();
    assertThat(d.integrityProblem()).isFalse();
    assertThat(d.failure()).contains("no point-in-time recovery window");
  }

  @Test
  void aTimeBeforeTheFirstBaseCannotComplete() throws Exception {
    backupAndShip();
    DrillRecord d = new DrillService(repo).run(at(START.minusSeconds(3600).toString()), Progress.NONE);
    assertThat(d.passed()).isFalse();
    assertThat(d.failure()).contains("no base snapshot at or before");
  }

  @Test
  void theReportShowsThePointInTimeAndItsRpo() throws Exception {
    backupAndShip();
    DrillRecord d = new DrillService(repo).run(at("-5s"), Progress.NONE);
    String html = HtmlReport.render(new DrillReport(d, List.of(d), DrillServiceTest.points(repo), List.of()));
    assertThat(html).contains("point in time", "base snapshot", "WAL applied",
        "RPO (age of the newest recoverable point, 2026-11-25T10:00:20Z)");
  }
}
