package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.backup.SourceUnstableException;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.SteppingClock;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The world around pouch misbehaving: a restore target that fills up, a source directory deleted while it is being
 * backed up, and a live Wombat that restarts (rewriting its WAL and MANIFEST) in the middle of a capture. Every
 * backup that reports success restores to what the source held; every failure is one clear line.
 */
class SourceFaultIT {

  static final String PASSWORD = "source fault password";
  private static final Tally TALLY = new Tally("source-faults");

  @TempDir static Path shared;
  private static Path original;
  @TempDir Path tmp;

  @BeforeAll
  static void generate() throws IOException {
    original = shared.resolve("wombat");
    WombatSimulator.generate(original, 3_000_000, Mix.BALANCED, 21);
  }

  @AfterAll
  static void writeCounts() throws IOException {
    TALLY.write();
  }

  private record Restorable(String repo, String id, TreeDigest prepared) {}

  /** A local repository holding one backup of {@code source}; the digest of its (default) restore. */
  private Restorable repositoryWithOneSnapshot(PouchProcess pouch, Path source) throws Exception {
    String repo = tmp.resolve("repo").toString();
    EmbeddedPouch embedded = EmbeddedPouch.withPassword(PASSWORD);
    assertThat(pouch.run("init", "--repo", repo, "--insecure-fast-kdf").exitCode()).isZero();
    String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, source.toString(), "--json"));
    Path clean = tmp.resolve("clean-restore");
    PouchResult r = embedded.run("restore", "--repo", repo, id, "--target", clean.toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return new Restorable(repo, id, TreeDigest.of(clean));
  }

  private static void assertOneClearLine(PouchResult r, String reason) {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.err().lines().findFirst().orElse("")).as(r.describe()).startsWith("pouch: ").contains(reason);
    assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
  }

  /**
   * The restore target is a 2 MiB tmpfs (mounted here; needs root, skipped otherwise) and the snapshot holds more:
   * the restore is refused before it downloads anything, with both figures; with {@code --force} (which skips that
   * check, since it frees the space of the files it replaces) the write fails with "No space left on device" and the
   * file named; once there is room, {@code restore --force} completes.
   */
  @Test
  void restoreOntoAFullFilesystemFailsClearlyAndCompletesOnceThereIsRoom() throws Exception {
    PouchProcess pouch = PouchProcess.in(tmp.resolve("logs")).withPassword(PASSWORD);
    Restorable r = repositoryWithOneSnapshot(pouch, original);
    Path mount = Files.createDirectories(tmp.resolve("small-disk"));
    assumeTrue(command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()) == 0,
        "mounting a tmpfs needs root");
    try {
      Path target = mount.resolve("target");
      PouchResult refused = pouch.run("restore", "--repo", r.repo(), r.id(), "--target", target.toString());
      assertOneClearLine(refused, "MiB free");
      PouchResult full = pouch.run("restore", "--repo", r.repo(), r.id(), "--target", target.toString(), "--force");
      assertOneClearLine(full, "No space left on device");
      assertThat(full.err()).contains("cannot write " + target);
      assertThat(command("mount", "-o", "remount,size=64m", mount.toString())).isZero();
      PouchResult again = pouch.run("restore", "--repo", r.repo(), r.id(), "--target", target.toString(), "--force");
      assertThat(again.exitCode()).as(again.describe()).isZero();
      assertThat(TreeDigest.of(target).differencesFrom(r.prepared())).isEmpty();
      TALLY.add("disk full (tmpfs): restores stopped clearly", 1);
    } finally {
      command("umount", mount.toString());
    }
  }

  /**
   * The same without root: the restore runs under {@code ulimit -f 4096} (2 MiB per file; the JVM ignores SIGXFSZ),
   * so writing a 3 MiB file fails with "File too large", as a full disk fails a write. (The limit cannot be lower:
   * zstd-jni unpacks its 0.9 MB native library into the temporary directory at start.)
   */
  @Test
  void restoreBeyondTheFileSizeLimitFailsClearlyAndCompletesWithoutIt() throws Exception {
    PouchProcess pouch = PouchProcess.in(tmp.resolve("logs")).withPassword(PASSWORD);
    Path source = tmp.resolve("plain");
    copyTree(original, source);
    byte[] big = new byte[3 << 20];
    new Random(5).nextBytes(big);
    Files.write(source.resolve("big.bin"), big);
    Restorable r = repositoryWithOneSnapshot(pouch, source);
    Path target = tmp.resolve("target");
    PouchResult limited;
    try (PouchProcess.Running run = pouch.startUnderShell("ulimit -f 4096", "restore", "--repo", r.repo(), r.id(),
        "--target", target.toString())) {
      limited = run.await(PouchProcess.TIMEOUT);
    }
    assertOneClearLine(limited, "File too large");
    PouchResult again = pouch.run("restore", "--repo", r.repo(), r.id(), "--target", target.toString(), "--force");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(TreeDigest.of(target).differencesFrom(r.prepared())).isEmpty();
    TALLY.add("file size limit: restores stopped clearly", 1);
  }

  private static int command(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** Deletes the source tree once the backup has read {@code afterBytes} (at the start when 0). */
  private static final class DeleteSource implements Progress {
    private final Path source;
    private final long afterBytes;
    private long read;
    boolean deleted;

    DeleteSource(Path source, long afterBytes) {
      this.source = source;
      this.afterBytes = afterBytes;
    }

    @Override
    public void start(String phase, long totalBytes, long totalItems) {
      if (afterBytes == 0) {
        delete();
      }
    }

    @Override
    public void advance(long bytes) {
      read += bytes;
      if (read >= afterBytes) {
        delete();
      }
    }

    private void delete() {
      if (!deleted) {
        try {
          ScratchDirectories.delete(source);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        deleted = true;
      }
    }
  }

  /**
   * The source directory is deleted while a plain backup reads it, at several points. The backup either completes,
   * with a warning for every file it could not read, and its snapshot restores to exactly those files as they were;
   * or it fails with an I/O error and writes no snapshot.
   */
  @ParameterizedTest(name = "deleted after {0} bytes")
  @ValueSource(longs = {0, 1, 200_000, 1_000_000, 100_000_000})
  void sourceDeletedDuringABackup(long afterBytes) throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b);
    Repository repository = storage.open();
    Path source = tmp.resolve("source");
    copyTree(original, source);
    DeleteSource deleter = new DeleteSource(source, afterBytes);
    BackupService.BackupResult result;
    try {
      result = new BackupService(repository, new LockService(repository, FaultyStorage.HOST, 1))
          .run(BackupRequest.of(source, FaultyStorage.HOST), deleter);
    } catch (IOException e) {
      assertThat(new SnapshotStore(storage.clean()).ids()).isEmpty();
      TALLY.add("source deleted: backups failed cleanly", 1);
      return;
    }
    Path restored = tmp.resolve("restored");
    FaultyStorage.restore(storage.clean(), result.id().hex(), restored);
    TreeDigest was = TreeDigest.of(original);
    TreeDigest got = TreeDigest.of(restored);
    for (String file : got.files()) {
      assertThat(got.entries().get(file)).as(file).isEqualTo(was.entries().get(file));
    }
    long missing = was.files().stream().filter(f -> !got.files().contains(f)).count();
    assertThat(result.warnings()).as("one warning per file not captured").hasSize((int) missing);
    if (afterBytes > 10_000_000) {
      assertThat(deleter.deleted).isFalse();
      assertThat(missing).isZero();
    }
    TALLY.add("source deleted: backups completed with warnings", 1);
    TALLY.add("source deleted: files reported as not captured", missing);
  }

  /** The same through the CLI, with the directory deleted at seeded moments: exit 0 with warnings, or one line. */
  @Test
  void sourceDeletedDuringACliBackup() throws Exception {
    PouchProcess pouch = PouchProcess.in(tmp.resolve("logs")).withPassword(PASSWORD);
    EmbeddedPouch embedded = EmbeddedPouch.withPassword(PASSWORD);
    String repo = tmp.resolve("repo").toString();
    assertThat(pouch.run("init", "--repo", repo, "--insecure-fast-kdf").exitCode()).isZero();
    Random random = new Random(11_005);
    TreeDigest was = TreeDigest.of(original);
    int rounds = RunLength.pick(4, 20);
    for (int i = 0; i < rounds; i++) {
      Path source = tmp.resolve("source-" + i);
      copyTree(original, source);
      PouchResult r;
      try (PouchProcess.Running run = pouch.start("backup", "--repo", repo, source.toString(), "--source-format",
          "plain", "--json")) {
        Thread.sleep(random.nextInt(1500));
        ScratchDirectories.delete(source);
        r = run.await(PouchProcess.TIMEOUT);
      }
      assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
      if (r.exitCode() != 0) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.err()).as(r.describe()).startsWith("pouch: ");
        TALLY.add("source deleted (CLI): backups failed with one line", 1);
        continue;
      }
      Path restored = tmp.resolve("restored-" + i);
      PouchResult restore = embedded.run("restore", "--repo", repo, ReferenceTrees.snapshotId(r), "--target",
          restored.toString());
      assertThat(restore.exitCode()).as(restore.describe()).isZero();
      TreeDigest got = TreeDigest.of(restored);
      for (String file : got.files()) {
        assertThat(got.entries().get(file)).as(file).isEqualTo(was.entries().get(file));
      }
      TALLY.add("source deleted (CLI): backups completed", 1);
    }
    PouchResult verify = embedded.run("verify", "--repo", repo, "--read-data");
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
  }

  /**
   * A live Wombat restarts mid-capture (a new lifetime: WAL segments rewritten or deleted, MANIFEST compacted) and
   * keeps writing. The capture reads again what changed and its snapshot passes the by-meaning check of a default
   * restore; or it gives up with {@link SourceUnstableException}, either after too many rounds or because a WAL it
   * captured vanished before its confirmation could check it (deleted by the restart), naming the file and writing
   * no snapshot.
   */
  @ParameterizedTest(name = "restart after {0} bytes")
  @ValueSource(longs = {1, 300_000, 1_500_000})
  void wombatRestartedDuringACapture(long afterBytes) throws Exception {
    Path dir = tmp.resolve("live");
    try (WombatSimulator sim = WombatSimulator.open(Mix.BALANCED.config(dir, 3_000_000), afterBytes,
        new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(1)))) {
      while (sim.bytesWritten() < 2_500_000) {
        sim.step();
      }
      Progress restart = new Progress() {
        long read;
        boolean done;

        @Override
        public void advance(long bytes) {
          read += bytes;
          if (!done && read >= afterBytes) {
            done = true;
            try {
              sim.restart();
              sim.steps(40);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      };
      FaultyStorage storage = FaultyStorage.create(1, b -> b);
      BackupService.BackupResult result;
      try {
        result = FaultyStorage.backup(storage.open(), dir, restart);
      } catch (SourceUnstableException e) {
        assertThat(new SnapshotStore(storage.clean()).ids()).isEmpty();
        if (e.getMessage().contains("vanished after it was read")) {
          assertThat(e.getMessage()).contains("Wombat restarted").contains("nothing was written as a snapshot");
          TALLY.add("wombat restarted mid-capture: backups stopped clearly by a vanished WAL", 1);
        } else {
          assertThat(e.getMessage()).contains("kept changing");
          TALLY.add("wombat restarted mid-capture: backups gave up clearly", 1);
        }
        return;
      }
      assertThat(result.snapshot().wombat()).isNotNull();
      RestoreService.RestoreResult restored = new RestoreService(storage.clean()).restore(
          new RestoreRequest(result.id().hex(), tmp.resolve("restored"), false, 2, true, false), Progress.NONE);
      assertThat(restored.wombat()).isNotNull();
      assertThat(restored.wombat().digestCompared()).isTrue();
      TALLY.add("wombat restarted mid-capture: backups verified by meaning after restore", 1);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    for (Map.Entry<String, String> e : TreeDigest.of(from).entries().entrySet()) {
      Path target = to.resolve(e.getKey());
      if (e.getValue().equals("dir")) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        Files.copy(from.resolve(e.getKey()), target);
      }
    }
    Files.createDirectories(to);
  }
}
