package dev.pouch.storage.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently {@link RetryingStorageBackend} retries: at most {@code maxAttempts} attempts per call
 * (the first included), waiting before retry {@code n} a uniformly random time between zero and
 * {@code min(maxDelay, baseDelay * 2^(n-1))} ("full jitter", which spreads clients that failed together).
 *
 * @param maxAttempts attempts per call including the first, at least 1
 * @param baseDelay the cap of the first wait
 * @param maxDelay the largest cap, however many retries
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay: " + baseDelay + ", " + maxDelay);
    }
  }

  /** 6 attempts, 200 ms base, 10 s cap: rides out about half a minute of throttling or failover. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10));
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The longest wait before retry {@code retry} (from 1). */
  public Duration delayCap(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1: " + retry);
    }
    Duration cap = baseDelay;
    for (int i = 1; i < retry && cap.compareTo(maxDelay) < 0; i++) {
      cap = cap.multipliedBy(2);
    }
    return cap.compareTo(maxDelay) > 0 ? maxDelay : cap;
  }
}
