package dev.pouch.bench.pitr;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.pitr.PieceKey;
import dev.pouch.agent.pitr.ShipResult;
import dev.pouch.agent.pitr.ShipperOptions;
import dev.pouch.agent.pitr.WalShipper;
import dev.pouch.agent.repository.Repository;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.wombat.simulator.LiveWombat;
import dev.pouch.wombat.simulator.OpRecord;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Continuous-backup recovery point, measured: a live simulated Wombat writes on the wall clock while the WAL shipper
 * runs at a given cadence into a local repository; afterwards every record the simulator wrote is matched (by segment
 * name, inode and end offset) with the first shipping round whose acknowledged piece covers it. The lag between the
 * write and that acknowledgement is the recovery point the record had. Also counts storage requests per round.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.pouch.bench.pitr.RpoBench [cadence-seconds...]
 * [--seconds N] [--steps-per-second N]}; defaults 5 s cadence, 60 s run, 300 steps/s.
 */
public final class RpoBench {

  private record Round(Instant acknowledged, List<PieceKey> pieces, long requests) {}

  public static void main(String[] args) throws Exception {
    List<Integer> cadences = new ArrayList<>();
    int seconds = 60;
    double stepsPerSecond = 300;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--steps-per-second" -> stepsPerSecond = Double.parseDouble(args[++i]);
        default -> cadences.add(Integer.parseInt(args[i]));
      }
    }
    if (cadences.isEmpty()) {
      cadences.add(5);
    }
    System.out.printf(Locale.ROOT, "| cadence | run | writes | rounds | RPO p50 | RPO p99 | RPO max | requests/round "
        + "| requests/day while busy |%n|---|---|---|---|---|---|---|---|---|%n");
    for (int cadence : cadences) {
      run(Duration.ofSeconds(cadence), Duration.ofSeconds(seconds), stepsPerSecond);
    }
  }

  private static void run(Duration cadence, Duration length, double stepsPerSecond) throws Exception {
    Path work = Files.createTempDirectory("pouch-rpo-");
    Clock clock = Clock.systemUTC();
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.builder(work.resolve("data")).memTableSize(1 << 20)
        .valueLogFileSize(16 << 20).valueThreshold(16 << 10).numMemtables(2).build(), 99, clock);
    sim.steps(500);
    Path repoDir = Files.createDirectories(work.resolve("repo"));
    Repository repo = Repository.init(LocalStorageBackend.of(LocalBackendConfig.of(repoDir)), "bench".toCharArray(),
        new Repository.InitOptions(Argon2idParams.forTests(), "zstd", 3, 16 << 20, "bench"), clock,
        new SecureRandom());
    LockService locks = new LockService(repo, "bench", ProcessHandle.current().pid());
    new BackupService(repo, locks, new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), clock))
        .run(BackupRequest.of(work.resolve("data"), "bench"), Progress.NONE);
    WalShipper shipper = WalShipper.resume(repo, work.resolve("data"), ShipperOptions.defaults().withCadence(cadence),
        locks, Sleeper.system(), clock);
    List<Round> rounds = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    Thread shipping = new Thread(() -> {
      try {
        shipper.run(stop::get, r -> record(r, rounds, clock));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "shipper");
    Instant start = clock.instant();
    long stepsBefore;
    try (LiveWombat live = LiveWombat.start(sim, stepsPerSecond)) {
      stepsBefore = live.steps();
      shipping.start();
      Thread.sleep(length.toMillis());
      live.stop();
      Thread.sleep(cadence.toMillis() * 2 + 1000); // let the last writes ship
      stop.set(true);
      shipping.join();
      long writes = live.steps() - stepsBefore;
      List<Long> lagsMillis = new ArrayList<>();
      for (OpRecord r : sim.groundTruth().records()) {
        if (r.time().isBefore(start)) {
          continue;
        }
        Instant acked = firstCovering(rounds, r);
        if (acked != null) {
          lagsMillis.add(Duration.between(r.time(), acked).toMillis());
        }
      }
      Collections.sort(lagsMillis);
      long requests = rounds.stream().mapToLong(Round::requests).sum();
      long shippingRounds = rounds.stream().filter(r -> !r.pieces().isEmpty()).count();
      double perRound = shippingRounds == 0 ? 0 : (double) requests / shippingRounds;
      double perDay = requests * (86_400.0 / length.toSeconds());
      System.out.printf(Locale.ROOT, "| %ds | %ds | %d | %d | %.1f s | %.1f s | %.1f s | %.1f | %.0f |%n",
          cadence.toSeconds(), length.toSeconds(), writes, shippingRounds, pct(lagsMillis, 0.50) / 1000.0,
          pct(lagsMillis, 0.99) / 1000.0, lagsMillis.isEmpty() ? 0 : lagsMillis.get(lagsMillis.size() - 1) / 1000.0,
          perRound, perDay);
    }
  }

  private static void record(ShipResult r, List<Round> rounds, Clock clock) {
    rounds.add(new Round(clock.instant(), r.shipped(), r.requests()));
  }

  /** When the first round acknowledged a WAL piece of this record's segment that reaches past its end. */
  private static Instant firstCovering(List<Round> rounds, OpRecord r) {
    synchronized (rounds) {
      for (Round round : rounds) {
        for (PieceKey p : round.pieces()) {
          if (p.file().kind().equals("wal") && p.file().name().equals(r.segment().fileName())
              && p.file().inode() == r.segment().inode() && p.to() >= r.walEndAfter()) {
            return round.acknowledged();
          }
        }
      }
    }
    return null;
  }

  private static long pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }
}
