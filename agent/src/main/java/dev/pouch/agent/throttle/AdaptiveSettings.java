package dev.pouch.agent.throttle;

import java.time.Duration;

/**
 * Bounds and thresholds of {@link AdaptiveController}. Pressure is the larger of {@code diskBusy / busyDiskFraction}
 * and {@code walRate / busyWalBytesPerSecond}: at 1 or more the database is busy and the read limit is multiplied by
 * {@code decreaseFactor}; at {@code idlePressure} or less it is idle and the limit grows by {@code
 * increaseBytesPerSecond}; in between the limit holds. The limit always stays within {@code [min, max]}.
 *
 * @param minBytesPerSecond the floor: a backup always progresses
 * @param maxBytesPerSecond the ceiling ({@code --limit-read} when given with {@code --adaptive})
 * @param startBytesPerSecond the limit before the first observation
 * @param increaseBytesPerSecond additive increase per idle interval
 * @param decreaseFactor multiplicative decrease per busy interval, in (0, 1)
 * @param busyDiskFraction disk busy time share that counts as pressure 1
 * @param busyWalBytesPerSecond WAL growth that counts as pressure 1
 * @param idlePressure pressure at or below which the limit grows
 * @param interval time between observations
 */
public record AdaptiveSettings(
    long minBytesPerSecond,
    long maxBytesPerSecond,
    long startBytesPerSecond,
    long increaseBytesPerSecond,
    double decreaseFactor,
    double busyDiskFraction,
    double busyWalBytesPerSecond,
    double idlePressure,
    Duration interval) {

  private static final long MIB = 1L << 20;

  public AdaptiveSettings {
    if (minBytesPerSecond <= 0 || maxBytesPerSecond < minBytesPerSecond) {
      throw new IllegalArgumentException("adaptive bounds must satisfy 0 < min <= max, got " + minBytesPerSecond
          + " and " + maxBytesPerSecond);
    }
    if (startBytesPerSecond < minBytesPerSecond || startBytesPerSecond > maxBytesPerSecond) {
      throw new IllegalArgumentException("the adaptive start rate must lie within [min, max]");
    }
    if (increaseBytesPerSecond <= 0 || !(decreaseFactor > 0 && decreaseFactor < 1)) {
      throw new IllegalArgumentException("increase must be positive and the decrease factor within (0, 1)");
    }
    if (!(busyDiskFraction > 0 && busyDiskFraction <= 1) || !(busyWalBytesPerSecond > 0)
        || !(idlePressure >= 0 && idlePressure < 1)) {
      throw new IllegalArgumentException("busy thresholds must be positive and the idle pressure within [0, 1)");
    }
    if (!interval.isPositive()) {
      throw new IllegalArgumentException("the adaptive interval must be positive");
    }
  }

  /**
   * The defaults: between 4 MiB/s and {@code maxBytesPerSecond} (256 MiB/s when not given), starting at 32 MiB/s,
   * +16 MiB/s per idle second, halved per busy second; busy means the disk is busy half the time or the WAL grows by
   * 16 MiB/s (a heavily loaded Wombat); idle means under half of either.
   */
  public static AdaptiveSettings defaults(long maxBytesPerSecond) {
    long max = maxBytesPerSecond > 0 ? maxBytesPerSecond : 256 * MIB;
    long min = Math.min(4 * MIB, max);
    return new AdaptiveSettings(min, max, Math.max(min, Math.min(32 * MIB, max)), 16 * MIB, 0.5, 0.5, 16.0 * MIB,
        0.5, Duration.ofSeconds(1));
  }
}
