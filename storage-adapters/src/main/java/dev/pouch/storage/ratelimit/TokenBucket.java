package dev.pouch.storage.ratelimit;

import dev.pouch.storage.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket of bytes, refilled at {@code bytesPerSecond} up to a burst of a tenth of a second's worth. A taker
 * may overdraw it; the debt is paid by waiting, outside the lock, so that concurrent takers queue up in time rather
 * than each getting the full rate.
 */
final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long bytesPerSecond;
  private final double burstBytes;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens; // guarded by this; negative while in debt
  private long refilledAt; // guarded by this

  TokenBucket(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = Math.max(1, bytesPerSecond / 10.0);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burstBytes;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Takes {@code bytes} tokens, waiting until the rate allows them. */
  void take(long bytes) throws InterruptedException {
    long waitNanos;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burstBytes, tokens + (now - refilledAt) * (double) bytesPerSecond / NANOS_PER_SECOND);
      refilledAt = now;
      tokens -= bytes;
      waitNanos = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / bytesPerSecond);
    }
    if (waitNanos > 0) {
      sleeper.sleep(Duration.ofNanos(waitNanos));
    }
  }
}
