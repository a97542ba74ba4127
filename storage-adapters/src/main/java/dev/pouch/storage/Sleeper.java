package dev.pouch.storage;

import java.time.Duration;

/**
 * Waits for a while. Decorators that back off or throttle take one so that tests run on a manual clock and never
 * really sleep.
 */
@FunctionalInterface
public interface Sleeper {

  /** Returns after {@code duration} (at once for zero or negative durations). */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(Duration)}; for the composition root. */
  static Sleeper system() {
    return duration -> {
      if (duration.isPositive()) {
        Thread.sleep(duration);
      }
    };
  }
}
