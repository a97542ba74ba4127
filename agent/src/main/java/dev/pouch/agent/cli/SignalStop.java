package dev.pouch.agent.cli;

import dev.pouch.agent.lock.LockService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What Ctrl-C or SIGTERM does to a one-shot command that holds a repository lock: its thread is interrupted and the
 * JVM's exit waits up to {@link #WAIT} for the command to unwind, releasing its locks on the way, instead of a lock
 * blocking other hosts' prune for the stale period. Commands that stop themselves on a signal (continuous WAL shipping
 * finishes its round) call {@link #commandStopsItself}; {@code pouch run} handles the signals itself, so the JVM does
 * not start its shutdown for it.
 */
final class SignalStop {

  static final Duration WAIT = Duration.ofSeconds(10);

  private static volatile boolean commandStopsItself;

  private SignalStop() {}

  /** The running command ends by itself when the JVM shuts down: do not interrupt it, only wait for it. */
  static void commandStopsItself() {
    commandStopsItself = true;
  }

  /**
   * A shutdown hook for {@code command}, which counts {@code finished} down once it has returned. It acts only when
   * the process holds a lock at the signal: Ctrl-C at a password prompt or during a listing still ends it at once.
   */
  static Thread hook(Thread command, CountDownLatch finished) {
    return hook(command, finished, LockService::heldInThisProcess);
  }

  /** As above, with the count of locks held given by {@code heldLocks} (tests share one JVM's count). */
  static Thread hook(Thread command, CountDownLatch finished, IntSupplier heldLocks) {
    return new Thread(() -> {
      if (finished.getCount() == 0 || heldLocks.getAsInt() == 0) {
        return; // an ordinary exit, or nothing to release
      }
      if (!commandStopsItself) {
        command.interrupt();
      }
      try {
        finished.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // its locks are released as it unwinds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pouch-signal-stop");
  }
}
