package dev.pouch.storage.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently {@link RetryingStorageBackend} retries: at most {@code maxAttempts} attempts per call
 * (the first included), waiting before retry {@code n} a uniformly random time between zero and
 * {@code min(maxDelay, baseDelay * 2^(n-1))} ("full jitter", which spreads clients that failed together).
 *
 * <p>Until the service has answered once, a call that cannot connect at all
 * ({@link dev.pouch.storage.StorageException.Transient#unreachable()}) gets only {@code unreachableAttempts}
 * attempts: an endpoint that was never reached is far more often misconfigured (wrong host or port, no network)
 * than briefly down, and the user should hear so in seconds, not after the whole budget. Once it has answered, a
 * refused connection is a blip of a service that exists (a restart, a failover) and gets the full budget.
 *
 * @param maxAttempts attempts per call including the first, at least 1
 * @param baseDelay the cap of the first wait
 * @param maxDelay the largest cap, however many retries
 * @param unreachableAttempts attempts per call while the service has never answered and the call cannot connect;
 *     between 1 and {@code maxAttempts}
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int unreachableAttempts) {

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay: " + baseDelay + ", " + maxDelay);
    }
    if (unreachableAttempts < 1 || unreachableAttempts > maxAttempts) {
      throw new IllegalArgumentException("unreachableAttempts must be within 1.." + maxAttempts + ": "
          + unreachableAttempts);
    }
  }

  /** A policy that treats unreachable endpoints like any transient failure (the full budget from the start). */
  public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    this(maxAttempts, baseDelay, maxDelay, maxAttempts);
  }

  /**
   * 6 attempts, 200 ms base, 10 s cap: rides out about half a minute of throttling or failover; 2 attempts for an
   * endpoint that has never answered and refuses connections (the SDKs have retried inside each attempt already).
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), 2);
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1);
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
