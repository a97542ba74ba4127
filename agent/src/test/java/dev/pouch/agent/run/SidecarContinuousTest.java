package dev.pouch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.pitr.PitrRestoreService;
import dev.pouch.agent.pitr.ShipResult;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schedule.continuous} in the sidecar, next to the simulated database on a manual clock: each tick the database
 * writes and the test runs one shipping round (the thread's body without the thread).
 */
class SidecarContinuousTest {

  private static final Sleeper NO_SLEEP = d -> { };

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final PouchMetrics metrics = new PouchMetrics();
  private final List<SidecarEvent> events = new ArrayList<>();
  private Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    TestRepositories.init(backend);
    repo = Repository.open(backend, TestRepositories.PASSWORD, clock, new SecureRandom());
  }

  private Sidecar sidecar(Path source) throws Exception {
    return sidecar(source, "{}");
  }

  private Sidecar sidecar(Path source, String limits) throws Exception {
    PouchConfig config = new ConfigLoader(Map.of()).parse("""
        source: {path: %s, format: wombat}
        repository: {url: memory}
        schedule: {incremental: "@every 10s", continuous: 1s}
        verify: {after_backup: false}
        limits: %s
        """.formatted(source, limits), "pouch.yaml").config();
    BackupPlanner planner = kind -> new BackupPlanner.PlannedBackup(new BackupRequest(source, ExcludeRules.none(),
        List.of(kind.label()), "test-host", Optional.empty(), false, 2, Optional.empty()),
        new WombatCapture(CaptureOptions.defaults(), NO_SLEEP, clock));
    Sidecar s = new Sidecar(repo, config, planner, metrics, events::add, new Actor("tester", "test-host", 1),
        target -> {
          throw new IOException("no copy targets in this test");
        }, NO_SLEEP);
    s.loadState();
    return s;
  }

  private double lag() {
    return Double.parseDouble(metrics.text().lines().filter(l -> l.startsWith("pouch_wal_shipping_lag_seconds "))
        .findFirst().orElseThrow().split(" ")[1]);
  }

  @Test
  void shipsEveryCadenceWithZeroLagWhenCaughtUpAndWhatItShippedRestoresToThatTime() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 5, clock);
    sim.steps(40);
    Sidecar s = sidecar(data);
    assertThat(lag()).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(s.runDue()).containsExactly(Sidecar.Job.INCREMENTAL); // the base of point-in-time recovery
    Instant shippedAt = null;
    Instant caughtUp = Instant.parse("2026-11-25T12:00:00Z"); // no piece yet: counted from the sidecar's start
    int waited = 0;
    for (int tick = 0; tick < 12; tick++) {
      clock.advance(Duration.ofSeconds(1));
      sim.steps(5);
      ShipResult round = s.shipping().round().orElseThrow();
      if (round.shipped().isEmpty()) {
        // New bytes below the batch size wait up to one cadence: the lag counts from the last caught-up round.
        assertThat(lag()).as("tick %d", tick).isEqualTo(Duration.between(caughtUp, clock.instant()).toSeconds());
        waited++;
      } else {
        assertThat(lag()).as("tick %d", tick).isZero();
        shippedAt = round.polledAt();
        caughtUp = shippedAt;
      }
    }
    assertThat(shippedAt).isNotNull();
    assertThat(waited).as("rounds in which small new bytes waited for the next cadence").isPositive();
    assertThat(metrics.text()).doesNotContain("pouch_wal_pieces_shipped_total 0.0");
    assertThat(PitrIndex.coverage(repo).windows()).hasSize(1);

    PitrRestoreService.PitrResult restored = new PitrRestoreService(repo).restore(shippedAt, tmp.resolve("at"),
        false, 2, Progress.NONE);
    assertThat(restored.check().digest()).isEqualTo(sim.groundTruth().stateAt(shippedAt).digest().hex());

    clock.advance(Duration.ofSeconds(1));
    s.shipping().round(); // idle database: caught up
    assertThat(lag()).isZero();
  }

  @Test
  void aSmallRequestBudgetHoldsNewBytesBackSoTheLagGrows() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 6, clock);
    sim.steps(40);
    // 60 requests an hour: a burst of 20, then one a minute; a shipping round costs at least 7.
    Sidecar s = sidecar(data, "{requests_per_hour: 60}");
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    int shippingRounds = 0;
    for (int tick = 0; tick < 10; tick++) {
      clock.advance(Duration.ofSeconds(1));
      sim.steps(5);
      if (!s.shipping().round().orElseThrow().shipped().isEmpty()) {
        shippingRounds++;
      }
    }
    assertThat(shippingRounds).isBetween(1, 3);
    // Without a budget new bytes wait at most one cadence (lag <= 1 s, see the first test).
    assertThat(lag()).isGreaterThan(2.0);
  }

  @Test
  void aMissingSourceFailsRoundsOnceReportedUntilItAppears() throws Exception {
    Path data = tmp.resolve("not-yet");
    Sidecar s = sidecar(data);
    clock.advance(Duration.ofSeconds(1));
    assertThat(s.shipping().round()).isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(s.shipping().round()).isEmpty();
    assertThat(lag()).isEqualTo(5.0);
    assertThat(events).extracting(SidecarEvent::kind).containsExactly("policy", "wal-failed");
    Files.createDirectories(data);
    assertThat(s.shipping().round()).isPresent();
    assertThat(lag()).isZero();
    assertThat(events).extracting(SidecarEvent::kind).containsExactly("policy", "wal-failed", "wal");
  }

  @Test
  void stopEndsTheShippingThreadBeforeTheLoopReturns() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator.open(SimulatorConfig.smallForTests(data), 9, clock).steps(20);
    Sidecar s = sidecar(data);
    Waiter stopWhileWaiting = new Waiter() {
      @Override
      public void awaitUntil(Instant deadline) {
        s.requestStop(); // SIGTERM while the loop waits for its next job
      }

      @Override
      public void wake() {}
    };
    s.runUntilStopped(stopWhileWaiting, Waiter.blocking(clock));
    assertThat(events).extracting(SidecarEvent::kind).contains("stop").doesNotContain("wal-abandoned");
    assertThat(s.shipping().awaitStopped(Duration.ZERO)).isTrue();
  }
}
