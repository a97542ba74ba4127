package dev.pouch.agent.throttle;

import java.util.concurrent.atomic.LongAdder;

/** Bytes a session read past the page cache and through it (from immutable files only). Thread-safe. */
final class ReadCounters {

  private final LongAdder direct = new LongAdder();
  private final LongAdder cached = new LongAdder();

  void direct(long bytes) {
    direct.add(bytes);
  }

  void cached(long bytes) {
    cached.add(bytes);
  }

  long directBytes() {
    return direct.sum();
  }

  long cachedBytes() {
    return cached.sum();
  }
}
