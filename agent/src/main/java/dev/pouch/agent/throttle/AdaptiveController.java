package dev.pouch.agent.throttle;

/**
 * Chooses the next read limit from the last one and a {@link PressureSample}: additive increase while the database
 * is idle, multiplicative decrease while it is busy (AIMD, as TCP congestion control: backing off fast protects the
 * database, creeping up slowly finds the room that is left), within the settings' bounds. Pure and stateless.
 */
public final class AdaptiveController {

  /** How the database looked. */
  public enum Verdict {
    /** Pressure at or above 1: back off. */
    BUSY,
    /** Pressure between idle and busy: hold. */
    STEADY,
    /** Pressure at or below the idle threshold: speed up. */
    IDLE,
    /** No signal could be read: hold. */
    UNKNOWN
  }

  /**
   * One decision.
   *
   * @param limitBytesPerSecond the limit to apply
   * @param verdict why
   * @param pressure the pressure the verdict came from; NaN when unknown
   */
  public record Decision(long limitBytesPerSecond, Verdict verdict, double pressure) {}

  private final AdaptiveSettings settings;

  public AdaptiveController(AdaptiveSettings settings) {
    this.settings = settings;
  }

  public AdaptiveSettings settings() {
    return settings;
  }

  /** The next limit after {@code currentBytesPerSecond} under {@code sample}. */
  public Decision decide(long currentBytesPerSecond, PressureSample sample) {
    long current = clamp(currentBytesPerSecond);
    double pressure = pressure(sample);
    if (Double.isNaN(pressure)) {
      return new Decision(current, Verdict.UNKNOWN, pressure);
    }
    if (pressure >= 1) {
      return new Decision(clamp((long) (current * settings.decreaseFactor())), Verdict.BUSY, pressure);
    }
    if (pressure <= settings.idlePressure()) {
      return new Decision(clamp(current + settings.increaseBytesPerSecond()), Verdict.IDLE, pressure);
    }
    return new Decision(current, Verdict.STEADY, pressure);
  }

  /** The larger of the known signals, each relative to its busy threshold; NaN when none is known. */
  double pressure(PressureSample sample) {
    double pressure = Double.NaN;
    if (sample.diskBusyFraction().isPresent()) {
      pressure = sample.diskBusyFraction().getAsDouble() / settings.busyDiskFraction();
    }
    if (sample.walBytesPerSecond().isPresent()) {
      double wal = sample.walBytesPerSecond().getAsDouble() / settings.busyWalBytesPerSecond();
      pressure = Double.isNaN(pressure) ? wal : Math.max(pressure, wal);
    }
    return pressure;
  }

  private long clamp(long bytesPerSecond) {
    return Math.max(settings.minBytesPerSecond(), Math.min(settings.maxBytesPerSecond(), bytesPerSecond));
  }
}
