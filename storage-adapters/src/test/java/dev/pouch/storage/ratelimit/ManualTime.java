package dev.pouch.storage.ratelimit;

import dev.pouch.storage.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A simulated monotonic clock whose sleeper advances it instead of waiting. */
final class ManualTime {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong sleeps = new AtomicLong();

  long nanoTime() {
    return nanos.get();
  }

  Sleeper sleeper() {
    return duration -> {
      sleeps.incrementAndGet();
      nanos.addAndGet(duration.toNanos());
    };
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  long sleeps() {
    return sleeps.get();
  }
}
