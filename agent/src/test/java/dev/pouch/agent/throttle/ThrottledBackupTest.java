package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits applied through a real backup: the read limit, the worker thread count, and what the snapshot records. */
class ThrottledBackupTest {

  private static final long MIB = 1L << 20;

  @TempDir Path source;

  private BackupService.BackupResult backup(Repository repo, BackupRequest request, Progress progress)
      throws IOException {
    return new BackupService(repo, new LockService(repo, "test-host", 1)).run(request, progress);
  }

  @Test
  void theReadLimitHoldsForAWholeBackupAndTheSnapshotRecordsIt() throws IOException {
    BackupRestoreTest.writeRandom(source.resolve("a"), 6 * MIB, 1);
    BackupRestoreTest.writeRandom(source.resolve("b"), 4 * MIB, 2);
    ManualTime time = new ManualTime();
    ReadThrottle throttle = new ReadThrottle(2 * MIB, time::nanoTime, time.sleeper());
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());

    BackupRequest request = BackupRequest.of(source, "test-host")
        .withReads(SourceReads.of(throttle, PageCachePolicy.SPARE_CACHE));
    BackupSummary summary = backup(repo, request, Progress.NONE).snapshot().summary();

    assertThat(summary.bytesRead()).isEqualTo(10 * MIB);
    assertThat(summary.readRateBytesPerSecond()).isBetween((long) (2 * MIB * 0.9), (long) (2 * MIB * 1.1));
    assertThat(summary.throttleLimitBytesPerSecond()).isEqualTo(2 * MIB);
    BackupSummary stored = new SnapshotStore(repo).list().snapshots().get(0).snapshot().summary();
    assertThat(stored).as("read back from the repository").isEqualTo(summary);
  }

  @Test
  void anUnthrottledBackupRecordsItsRateButNoLimit() throws IOException {
    BackupRestoreTest.writeRandom(source.resolve("a"), 2 * MIB, 3);
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());

    BackupSummary summary = backup(repo, BackupRequest.of(source, "test-host"), Progress.NONE).snapshot().summary();

    assertThat(summary.readRateBytesPerSecond()).isPositive();
    assertThat(summary.throttleLimitBytesPerSecond()).isNull();
  }

  @Test
  void theCompressionWorkersNeverOutnumberTheThreadLimit() throws Exception {
    for (int i = 0; i < 4; i++) {
      BackupRestoreTest.writeRandom(source.resolve("f" + i), 3 * MIB, 10 + i);
    }
    for (int limit : new int[] {1, 3}) {
      assertThat(mostWorkersSeen(limit)).as("workers with --threads %d", limit).isEqualTo(limit);
    }
  }

  /**
   * Runs a backup with {@code threads} on a thread of its own thread group, which the pipeline's workers join, and
   * counts the live workers ({@code pouch-pack}) at every chunk the reader hands over.
   */
  private int mostWorkersSeen(int threads) throws Exception {
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    ThreadGroup group = new ThreadGroup("backup-with-" + threads + "-threads");
    AtomicInteger most = new AtomicInteger();
    Progress counting = new Progress() {
      @Override
      public void advance(long bytes) {
        Thread[] all = new Thread[group.activeCount() + 16];
        int n = group.enumerate(all);
        int workers = 0;
        for (int i = 0; i < n; i++) {
          if (all[i].getName().equals("pouch-pack")) {
            workers++;
          }
        }
        most.accumulateAndGet(workers, Math::max);
      }
    };
    BackupRequest request = new BackupRequest(source, ExcludeRules.none(), List.of(), "test-host", Optional.empty(),
        false, threads, Optional.empty());
    FutureTask<BackupService.BackupResult> task = new FutureTask<>(() -> backup(repo, request, counting));
    Thread runner = new Thread(group, task, "backup");
    runner.start();
    try {
      task.get();
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
    return most.get();
  }
}
