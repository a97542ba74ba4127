package dev.pouch.agent.throttle;

import dev.pouch.storage.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A simulated monotonic clock whose sleeper advances it instead of waiting (for one reading thread). */
final class ManualTime {

  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

  long nanoTime() {
    return nanos.get();
  }

  Sleeper sleeper() {
    return duration -> nanos.addAndGet(duration.toNanos());
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
