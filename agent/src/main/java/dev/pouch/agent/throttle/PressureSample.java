package dev.pouch.agent.throttle;

import java.util.OptionalDouble;

/**
 * What the database's surroundings looked like over one interval, observed without the database's help. A signal
 * that could not be read (no block device found, no WAL in the directory, first sample) is empty.
 *
 * @param diskBusyFraction share of the interval the source's block device had I/O in flight ({@code io_ticks} of
 *     {@code /proc/diskstats}), 0 to 1
 * @param walBytesPerSecond how fast the WAL's validated end advanced, summed over the WAL segments
 */
public record PressureSample(OptionalDouble diskBusyFraction, OptionalDouble walBytesPerSecond) {

  /** Neither signal known. */
  public static PressureSample unknown() {
    return new PressureSample(OptionalDouble.empty(), OptionalDouble.empty());
  }

  public static PressureSample of(double diskBusyFraction, double walBytesPerSecond) {
    return new PressureSample(OptionalDouble.of(diskBusyFraction), OptionalDouble.of(walBytesPerSecond));
  }
}
