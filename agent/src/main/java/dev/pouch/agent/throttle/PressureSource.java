package dev.pouch.agent.throttle;

/** Where the adaptive loop gets its {@link PressureSample}s. Called from one thread at a time. */
@FunctionalInterface
public interface PressureSource {

  /**
   * Observes the interval since the previous call.
   *
   * @param nanos the loop's monotonic clock now (intervals are measured on it, not on the wall clock)
   */
  PressureSample sample(long nanos);
}
