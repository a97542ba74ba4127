package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.agent.retention.ForgetService;
import dev.pouch.agent.retention.RetentionPolicy;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup loop and a forget+prune loop hammer one repository at the same time; afterwards nothing is lost: verify
 * with data is clean and every surviving snapshot restores byte for byte. The locks make the two exclusive, so the
 * loops mostly take turns; the test proves no interleaving of lock attempts lets prune delete what a backup uses.
 * Runs 10 s by default; {@code -Dpouch.test.long=true} runs the full minute.
 */
class BackupPruneRaceTest {

  @TempDir Path tmp;

  private static Duration duration() {
    return Boolean.getBoolean("pouch.test.long") ? Duration.ofSeconds(60) : Duration.ofSeconds(10);
  }

  @Test
  void concurrentBackupsAndPrunesLoseNoData() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    SnapshotHistory history = new SnapshotHistory(tmp);
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 4; i++) {
      BackupRestoreTest.writeRandom(src.resolve(i + ".sst"), 200_000 + 50_000L * i, i);
    }
    long deadline = System.nanoTime() + duration().toNanos();
    AtomicInteger backups = new AtomicInteger();
    AtomicInteger prunes = new AtomicInteger();
    AtomicLong packsDeleted = new AtomicLong();
    AtomicInteger lockConflicts = new AtomicInteger();

    ExecutorService loops = Executors.newFixedThreadPool(2);
    try {
      Future<?> backupLoop = loops.submit(() -> {
        SplittableRandom random = new SplittableRandom(1);
        long seed = 100;
        while (System.nanoTime() < deadline) {
          // change one file, sometimes two: each backup adds data and leaves older data to expire
          BackupRestoreTest.writeRandom(src.resolve(random.nextInt(4) + ".sst"), 150_000 + random.nextInt(200_000),
              seed++);
          if (random.nextBoolean()) {
            BackupRestoreTest.writeRandom(src.resolve("extra-" + random.nextInt(3)), random.nextInt(80_000), seed++);
          }
          while (System.nanoTime() < deadline) {
            try {
              history.backup(repo, src);
              backups.incrementAndGet();
              break;
            } catch (RepositoryLockedException e) {
              lockConflicts.incrementAndGet();
              Thread.sleep(random.nextInt(15));
            }
          }
        }
        return null;
      });
      Future<?> pruneLoop = loops.submit(() -> {
        SplittableRandom random = new SplittableRandom(2);
        LockService locks = new LockService(repo, "test-host", ProcessHandle.current().pid());
        while (System.nanoTime() < deadline) {
          try {
            new ForgetService(repo, locks).run(new ForgetService.ForgetRequest(
                RetentionPolicy.builder().keepLast(3).build(), Optional.empty(), List.of(), false,
                PruneServiceTest.ACTOR, "forget --keep-last 3"));
            PruneReport report = new PruneService(repo, locks, 2).run(new PruneService.PruneOptions(false, 0.5,
                false, PruneServiceTest.ACTOR, "prune"));
            prunes.incrementAndGet();
            packsDeleted.addAndGet(report.packsUnused() + report.packsRepacked() + report.packsUnindexed());
          } catch (RepositoryLockedException e) {
            lockConflicts.incrementAndGet();
          }
          Thread.sleep(random.nextInt(20));
        }
        return null;
      });
      backupLoop.get();
      pruneLoop.get();
    } finally {
      loops.shutdownNow();
    }

    assertThat(backups.get()).as("backups completed").isGreaterThanOrEqualTo(5);
    assertThat(prunes.get()).as("prunes completed").isGreaterThanOrEqualTo(3);
    assertThat(packsDeleted.get()).as("packs pruned").isPositive();
    Repository reopened = TestRepositories.open(backend);
    SnapshotHistory.assertVerifies(reopened);
    assertThat(history.checkEverySnapshotRestores(reopened)).isPositive();
  }
}
