package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shutdown hook a signal starts: it stops a command holding a lock and waits for it; otherwise it does nothing. */
class SignalStopTest {

  @Test
  void aCommandHoldingALockIsInterruptedAndWaitedFor() throws Exception {
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    CountDownLatch acquired = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    LockService locks = new LockService(repo, "h", 1);
    Thread command = new Thread(() -> {
      try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup")) {
        acquired.countDown();
        Thread.sleep(60_000); // a long backup
      } catch (Exception e) {
        // interrupted: the lock is released by the try
      }
      finished.countDown();
    });
    command.start();
    assertThat(acquired.await(10, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    SignalStop.hook(command, finished).run();

    assertThat(finished.getCount()).as("the hook returned after the command had unwound").isZero();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(SignalStop.WAIT.toMillis());
    assertThat(locks.list()).isEmpty();
  }

  @Test
  void withoutALockTheProcessEndsAtOnce() throws Exception {
    Thread prompt = new Thread(() -> { });
    long start = System.nanoTime();
    SignalStop.hook(prompt, new CountDownLatch(1), () -> 0).run(); // e.g. waiting at a password prompt
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
    assertThat(prompt.isInterrupted()).isFalse();
  }
}
