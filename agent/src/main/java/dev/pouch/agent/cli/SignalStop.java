package dev.pouch.agent.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C or SIGTERM does to a one-shot command: its thread is interrupted and the JVM's exit waits up to
 * {@link #WAIT} for the command to unwind, so that its cleanup runs (its repository lock released, its spool files
 * closed) instead of the lock blocking other hosts' prune for the stale period. Commands that stop themselves on a
 * signal (continuous WAL shipping finishes its round) call {@link #commandStopsItself}; {@code pouch run} handles the
 * signals itself, so the JVM does not start its shutdown for them.
 */
final class SignalStop {

  static final Duration WAIT = Duration.ofSeconds(10);

  private static volatile boolean commandStopsItself;

  private SignalStop() {}

  /** The running command ends by itself when the JVM shuts down: do not interrupt it, only wait for it. */
  static void commandStopsItself() {
    commandStopsItself = true;
  }

  /** A shutdown hook for {@code command}, which counts {@code finished} down once it has returned. */
  static Thread hook(Thread command, CountDownLatch finished) {
    return new Thread(() -> {
      if (finished.getCount() == 0) {
        return; // an ordinary exit
      }
      if (!commandStopsItself) {
        command.interrupt();
      }
      try {
        finished.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pouch-signal-stop");
  }
}
