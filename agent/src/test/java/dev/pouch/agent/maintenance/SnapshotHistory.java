package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.agent.verify.VerifyService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: backs up a source directory, remembering what each snapshot must restore to, and checks that every
 * snapshot still in a repository restores to exactly that and that {@code verify --read-data} is clean.
 */
public final class SnapshotHistory {

  private final Path work;
  private final Map<SnapshotId, Map<String, String>> expected = new ConcurrentHashMap<>();
  private final AtomicInteger restores = new AtomicInteger();

  public SnapshotHistory(Path work) {
    this.work = work;
  }

  /** Backs up {@code source} into {@code repo} and records its description. */
  public SnapshotId backup(Repository repo, Path source) throws Exception {
    Map<String, String> before = BackupRestoreTest.describe(source);
    SnapshotId id = new BackupService(repo, new LockService(repo, "test-host", ProcessHandle.current().pid()))
        .run(new BackupRequest(source, dev.pouch.agent.source.ExcludeRules.none(), java.util.List.of(), "test-host",
            java.util.Optional.empty(), false, 2, java.util.Optional.empty()), Progress.NONE).id();
    expected.put(id, before);
    return id;
  }

  /** Records that {@code copy} (in another repository) must restore to what {@code original} restores to. */
  public void same(SnapshotId original, SnapshotId copy) {
    expected.put(copy, expected.get(original));
  }

  public Map<String, String> expected(SnapshotId id) {
    return expected.get(id);
  }

  /** Restores every snapshot of {@code repo} and compares it with what was backed up; returns how many. */
  public int checkEverySnapshotRestores(Repository repo) throws Exception {
    int n = 0;
    for (SnapshotId id : new SnapshotStore(repo).ids()) {
      assertThat(expected).as("snapshot %s was made by this test", id.shortHex()).containsKey(id);
      Path target = work.resolve("restore-" + restores.incrementAndGet());
      new RestoreService(repo).restore(new RestoreRequest(id.hex(), target, false, 2), Progress.NONE);
      assertThat(BackupRestoreTest.describe(target)).as("snapshot %s", id.shortHex()).isEqualTo(expected.get(id));
      deleteTree(target);
      n++;
    }
    return n;
  }

  /** {@code verify --read-data} finds no problem. */
  public static VerifyReport assertVerifies(Repository repo) throws IOException {
    VerifyReport report = new VerifyService(repo).verify(true, 2, Progress.NONE);
    assertThat(report.problems()).isEmpty();
    return report;
  }

  private static void deleteTree(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}
