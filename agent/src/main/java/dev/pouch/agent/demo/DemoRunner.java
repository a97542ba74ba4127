package dev.pouch.agent.demo;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The no-setup tour: make a sample data directory, initialise a local repository, back up, change the data, back up
 * again (incremental), restore the latest snapshot and compare it with the source byte for byte.
 */
public final class DemoRunner {

  private final Repository.InitOptions initOptions;
  private final java.time.Clock clock;
  private final java.security.SecureRandom random;

  public DemoRunner(Repository.InitOptions initOptions, java.time.Clock clock, java.security.SecureRandom random) {
    this.initOptions = initOptions;
    this.clock = clock;
    this.random = random;
  }

  public DemoReport run(Path workDir, char[] password, Progress progress) throws IOException {
    Path source = workDir.resolve("wombat-data");
    Path repoDir = workDir.resolve("repository");
    Path restored = workDir.resolve("restored");
    List<DemoReport.Step> steps = new ArrayList<>();
    SampleDataDirectory sample = new SampleDataDirectory(42);
    int tableBytes = 4 * 1024 * 1024;
    sample.create(source, 6, tableBytes);
    Files.createDirectories(repoDir);
    try (StorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(repoDir))) {
      Instant t0 = clock.instant();
      Repository repo = Repository.init(backend, password, initOptions, clock, random);
      steps.add(new DemoReport.Step("init", Duration.between(t0, clock.instant()), 0, 0, 0, 0, null));
      BackupService backups = new BackupService(repo, new LockService(repo, "demo", ProcessHandle.current().pid()));
      steps.add(backup("full backup", backups, source, progress));
      sample.change(source, tableBytes);
      steps.add(backup("incremental backup", backups, source, progress));
      Instant t1 = clock.instant();
      RestoreService.RestoreResult r = new RestoreService(repo).restore(RestoreRequest.of("latest", restored),
          progress);
      steps.add(new DemoReport.Step("restore", Duration.between(t1, clock.instant()), r.files(), r.bytes(), 0, 0,
          r.id().shortHex()));
    }
    List<String> mismatches = compareTrees(source, restored);
    return new DemoReport(workDir, source, repoDir, restored, steps, mismatches.isEmpty(), mismatches);
  }

  private DemoReport.Step backup(String name, BackupService backups, Path source, Progress progress)
      throws IOException {
    BackupService.BackupResult result = backups.run(BackupRequest.of(source, "demo"), progress);
    BackupSummary s = result.snapshot().summary();
    return new DemoReport.Step(name, s.duration(), s.filesTotal(), s.bytesRead(), s.bytesAdded(), s.bytesStored(),
        result.id().shortHex());
  }

  /** Differences between two trees: missing or extra paths, and files whose bytes differ. */
  static List<String> compareTrees(Path expected, Path actual) throws IOException {
    List<String> diffs = new ArrayList<>();
    List<Path> a = relativeFiles(expected);
    List<Path> b = relativeFiles(actual);
    if (!a.equals(b)) {
      diffs.add("file lists differ: " + a + " vs " + b);
      return diffs;
    }
    for (Path rel : a) {
      Path x = expected.resolve(rel);
      Path y = actual.resolve(rel);
      if (Files.isRegularFile(x, LinkOption.NOFOLLOW_LINKS) && !sameBytes(x, y)) {
        diffs.add(rel + ": contents differ");
      }
    }
    return diffs;
  }

  private static List<Path> relativeFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).map(root::relativize).sorted().toList();
    }
  }

  private static boolean sameBytes(Path x, Path y) throws IOException {
    if (Files.size(x) != Files.size(y)) {
      return false;
    }
    try (InputStream ix = Files.newInputStream(x); InputStream iy = Files.newInputStream(y)) {
      byte[] bx = new byte[1 << 16];
      byte[] by = new byte[1 << 16];
      while (true) {
        int nx = ix.readNBytes(bx, 0, bx.length);
        int ny = iy.readNBytes(by, 0, by.length);
        if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
          return false;
        }
        if (nx == 0) {
          return true;
        }
      }
    }
  }
}
