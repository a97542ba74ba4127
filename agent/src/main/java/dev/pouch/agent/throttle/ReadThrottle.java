package dev.pouch.agent.throttle;

import dev.pouch.storage.Sleeper;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * A token bucket of bytes over every source read of a backup, shared by all threads that read. The limit may change
 * while reads are running (the adaptive controller moves it); {@link #UNLIMITED} lets reads through without waiting
 * but still counts them.
 *
 * <p>The bucket holds at most a tenth of a second's worth of tokens, so a pause does not buy a long burst. A taker may
 * overdraw it and then waits, outside the lock, until the debt is paid; concurrent takers therefore queue up in time
 * instead of each getting the full rate. Thread-safe.
 */
public final class ReadThrottle {

  /** No limit. */
  public static final long UNLIMITED = 0;

  private static final double NANOS_PER_SECOND = 1e9;

  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  // All guarded by this.
  private long limit;
  private double tokens;
  private long refilledAt;
  private long bytesTaken;
  private long limitChangedAt;
  private double allowanceBytes;
  private long unlimitedNanos;

  /**
   * @param bytesPerSecond the starting limit, or {@link #UNLIMITED}
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   * @param sleeper how to wait ({@link Sleeper#system()} in production)
   */
  public ReadThrottle(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    checkLimit(bytesPerSecond);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.limit = bytesPerSecond;
    this.refilledAt = nanoTime.getAsLong();
    this.limitChangedAt = refilledAt;
    this.tokens = burst(bytesPerSecond);
  }

  /** A throttle that never waits, on the system clock. */
  public static ReadThrottle unlimited() {
    return new ReadThrottle(UNLIMITED, System::nanoTime, Sleeper.system());
  }

  /** A throttle at {@code bytesPerSecond} on the system clock. */
  public static ReadThrottle of(long bytesPerSecond) {
    return new ReadThrottle(bytesPerSecond, System::nanoTime, Sleeper.system());
  }

  /** Takes {@code bytes} tokens, waiting until the limit allows them. */
  public void take(long bytes) throws InterruptedIOException {
    long waitNanos;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      bytesTaken += bytes;
      if (limit == UNLIMITED) {
        refilledAt = now;
        return;
      }
      tokens = Math.min(burst(limit), tokens + (now - refilledAt) * limit / NANOS_PER_SECOND);
      refilledAt = now;
      tokens -= bytes;
      waitNanos = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / limit);
    }
    if (waitNanos > 0) {
      try {
        sleeper.sleep(Duration.ofNanos(waitNanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException("interrupted while throttled");
        interrupted.initCause(e);
        throw interrupted;
      }
    }
  }

  /**
   * Changes the limit from now on. Tokens saved up are cut to the new burst; a debt already owed is paid at the new
   * rate by the next taker.
   */
  public synchronized void setLimit(long bytesPerSecond) {
    checkLimit(bytesPerSecond);
    long now = nanoTime.getAsLong();
    accrue(now);
    if (limit == UNLIMITED) {
      tokens = burst(bytesPerSecond);
    } else {
      tokens = Math.min(burst(limit), tokens + (now - refilledAt) * limit / NANOS_PER_SECOND);
    }
    refilledAt = now;
    if (bytesPerSecond != UNLIMITED) {
      tokens = Math.min(burst(bytesPerSecond), tokens);
    }
    limit = bytesPerSecond;
  }

  /** The limit now, or {@link #UNLIMITED}. */
  public synchronized long limit() {
    return limit;
  }

  /** Wraps a stream so that everything read through it is paid for here. */
  public InputStream wrap(InputStream in) {
    return new ThrottledInputStream(in, this);
  }

  /**
   * What has been read and allowed so far, for rates over an interval: subtract an earlier usage from a later one.
   *
   * @param nanos the clock's time
   * @param bytes every byte taken so far
   * @param allowanceBytes the integral of the limit over the time it was limited: how many bytes the limits in force
   *     since creation allowed
   * @param unlimitedNanos how long the throttle was unlimited since creation
   */
  public record Usage(long nanos, long bytes, double allowanceBytes, long unlimitedNanos) {

    /** Bytes per second read between {@code earlier} and this usage; 0 for an empty interval. */
    public double bytesPerSecondSince(Usage earlier) {
      long elapsed = nanos - earlier.nanos;
      return elapsed <= 0 ? 0 : (bytes - earlier.bytes) * NANOS_PER_SECOND / elapsed;
    }

    /**
     * The limit averaged over time between {@code earlier} and this usage; empty when the throttle was unlimited at
     * any time in between (an average with an unlimited stretch has no meaning).
     */
    public OptionalDouble averageLimitSince(Usage earlier) {
      long elapsed = nanos - earlier.nanos;
      if (unlimitedNanos > earlier.unlimitedNanos || elapsed <= 0) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of((allowanceBytes - earlier.allowanceBytes) * NANOS_PER_SECOND / elapsed);
    }
  }

  /** The usage now. */
  public synchronized Usage usage() {
    long now = nanoTime.getAsLong();
    accrue(now);
    return new Usage(now, bytesTaken, allowanceBytes, unlimitedNanos);
  }

  /** The clock this throttle runs on. */
  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  private void accrue(long now) {
    if (limit == UNLIMITED) {
      unlimitedNanos += now - limitChangedAt;
    } else {
      allowanceBytes += (now - limitChangedAt) * (double) limit / NANOS_PER_SECOND;
    }
    limitChangedAt = now;
  }

  private static double burst(long bytesPerSecond) {
    return Math.max(1, bytesPerSecond / 10.0);
  }

  private static void checkLimit(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("a read limit cannot be negative: " + bytesPerSecond);
    }
  }
}
