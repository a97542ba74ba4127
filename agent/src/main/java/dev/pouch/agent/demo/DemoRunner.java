package dev.pouch.agent.demo;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.CaptureProof;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.wombat.simulator.GroundTruth;
import dev.pouch.wombat.simulator.LiveWombat;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WalSegmentId;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The no-setup tour on a live database: the Wombat simulator builds a data directory and keeps writing (WAL appends,
 * rotations, flushes, compactions, value-log growth) while pouch takes a full and an incremental backup. Then the
 * latest snapshot is restored and checked three ways: by meaning (the restore check and recorded digest), against
 * the simulator's ground truth at the WAL cuts the backup recorded, and byte for byte against what the source files
 * held when they were captured.
 */
public final class DemoRunner {

  /** Data written before the first backup. */
  static final long INITIAL_BYTES = 24L << 20;
  /** Simulator steps per second while the backups run. */
  static final double LIVE_STEPS_PER_SECOND = 3000;

  private final Repository.InitOptions initOptions;
  private final Clock clock;
  private final SecureRandom random;

  public DemoRunner(Repository.InitOptions initOptions, Clock clock, SecureRandom random) {
    this.initOptions = initOptions;
    this.clock = clock;
    this.random = random;
  }

  static SimulatorConfig simulatorConfig(Path dir) {
    return SimulatorConfig.builder(dir).memTableSize(1 << 20).valueLogFileSize(16 << 20).valueThreshold(16 << 10)
        .numMemtables(2).build();
  }

  public DemoReport run(Path workDir, char[] password, Progress progress) throws IOException {
    Path source = workDir.resolve("wombat-data");
    Path repoDir = Files.createDirectories(workDir.resolve("repository"));
    Path restored = workDir.resolve("restored");
    List<DemoReport.Step> steps = new ArrayList<>();
    WombatSimulator simulator = WombatSimulator.open(simulatorConfig(source), 42, clock);
    while (simulator.bytesWritten() < INITIAL_BYTES) {
      simulator.steps(500);
    }
    try (StorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(repoDir));
        LiveWombat live = LiveWombat.start(simulator, LIVE_STEPS_PER_SECOND)) {
      Instant t0 = clock.instant();
      Repository repo = Repository.init(backend, password, initOptions, clock, random);
      steps.add(new DemoReport.Step("init", Duration.between(t0, clock.instant()), 0, 0, 0, 0, null));
      BackupService backups = new BackupService(repo, new LockService(repo, "demo", ProcessHandle.current().pid()),
          new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), clock));
      long stepsBefore = live.steps();
      steps.add(backup("full backup (live)", backups, source, progress));
      sleep(Duration.ofMillis(500));
      BackupService.BackupResult last = backups.run(BackupRequest.of(source, "demo"), progress);
      steps.add(step("incremental backup (live)", last));
      long writes = live.steps() - stepsBefore;
      live.stop();

      Snapshot snapshot = last.snapshot();
      String expected = oracleDigest(live.groundTruth(), snapshot);
      Instant t1 = clock.instant();
      RestoreService.RestoreResult r = new RestoreService(repo).restore(RestoreRequest.of(last.id().hex(), restored),
          progress);
      steps.add(new DemoReport.Step("restore + verify", Duration.between(t1, clock.instant()), r.files(), r.bytes(),
          0, 0, r.id().shortHex()));
      List<String> mismatches = compareWithCapturedBytes(snapshot, source, restored);
      boolean oracle = r.wombat() != null && r.wombat().digest().equals(expected);
      if (!oracle) {
        mismatches.add("restored state differs from the simulator's ground truth at the recorded WAL cuts");
      }
      return new DemoReport(workDir, source, repoDir, restored, steps, writes,
          r.wombat() == null ? null : r.wombat().digest(), oracle, mismatches.isEmpty(), mismatches);
    }
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("demo interrupted");
    }
  }

  /** The ground truth's digest for exactly the WAL prefixes the snapshot recorded. */
  static String oracleDigest(GroundTruth truth, Snapshot snapshot) {
    Instant at = CaptureProof.capturedAt(snapshot.wombat());
    Map<WalSegmentId, Long> cuts = new HashMap<>();
    for (CaptureProof.WalCut cut : CaptureProof.walCuts(snapshot.wombat())) {
      String name = Path.of(cut.path()).getFileName().toString();
      truth.findSegment(name, cut.inode(), at).ifPresent(id -> cuts.put(id, cut.bytes()));
    }
    return truth.stateAtWalCut(cuts).digest().hex();
  }

  private DemoReport.Step backup(String name, BackupService backups, Path source, Progress progress)
      throws IOException {
    return step(name, backups.run(BackupRequest.of(source, "demo"), progress));
  }

  private static DemoReport.Step step(String name, BackupService.BackupResult result) {
    BackupSummary s = result.snapshot().summary();
    return new DemoReport.Step(name, s.duration(), s.filesTotal(), s.bytesRead(), s.bytesAdded(), s.bytesStored(),
        result.id().shortHex());
  }

  /**
   * Every restored SSTable, value log and MANIFEST must equal the first {@code size} bytes of its source file: Wombat
   * files are only appended to or written once, so those bytes are what was captured. Source files gone since
   * (compacted SSTs) are skipped.
   */
  static List<String> compareWithCapturedBytes(Snapshot snapshot, Path source, Path restored) throws IOException {
    List<String> diffs = new ArrayList<>();
    java.util.Set<String> wals = new java.util.HashSet<>();
    CaptureProof.walCuts(snapshot.wombat()).forEach(c -> wals.add(c.path()));
    for (FileEntry f : snapshot.files()) {
      if (f.type() != EntryType.FILE || wals.contains(f.path())) {
        continue; // WAL segments are renumbered and unpadded for Wombat; the digest vouches for their records
      }
      Path original = source.resolve(f.path());
      Path copy = restored.resolve(f.path());
      if (Files.size(copy) != f.size()) {
        diffs.add(f.path() + ": restored " + Files.size(copy) + " bytes, snapshot says " + f.size());
        continue;
      }
      try {
        if (!samePrefix(original, copy, f.size())) {
          diffs.add(f.path() + ": restored bytes differ from the source's first " + f.size() + " bytes");
        }
      } catch (NoSuchFileException gone) {
        // removed by the database since the backup (a compacted SSTable)
      }
    }
    return diffs;
  }

  private static boolean samePrefix(Path a, Path b, long length) throws IOException {
    try (InputStream ia = Files.newInputStream(a); InputStream ib = Files.newInputStream(b)) {
      byte[] ba = new byte[1 << 16];
      byte[] bb = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int want = (int) Math.min(ba.length, left);
        int na = ia.readNBytes(ba, 0, want);
        int nb = ib.readNBytes(bb, 0, want);
        if (na != want || nb != want || !Arrays.equals(ba, 0, na, bb, 0, nb)) {
          return false;
        }
        left -= want;
      }
      return true;
    }
  }
}
