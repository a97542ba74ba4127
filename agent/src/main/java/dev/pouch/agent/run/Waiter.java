package dev.pouch.agent.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits until a time on a clock, or until woken. The production waiter blocks; tests step instead of waiting. */
public interface Waiter {

  /** Returns at {@code deadline} or earlier when {@link #wake()} is called. */
  void awaitUntil(Instant deadline) throws InterruptedException;

  void wake();

  /** A waiter that blocks the calling thread, re-reading {@code clock} so clock changes are noticed. */
  static Waiter blocking(Clock clock) {
    return new Waiter() {
      private boolean woken;

      @Override
      public synchronized void awaitUntil(Instant deadline) throws InterruptedException {
        while (!woken) {
          long millis = Duration.between(clock.instant(), deadline).toMillis();
          if (millis <= 0) {
            break;
          }
          wait(Math.min(millis, 1000));
        }
        woken = false;
      }

      @Override
      public synchronized void wake() {
        woken = true;
        notifyAll();
      }
    };
  }
}
