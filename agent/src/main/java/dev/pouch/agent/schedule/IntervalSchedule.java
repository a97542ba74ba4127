package dev.pouch.agent.schedule;

import java.time.Duration;
import java.time.Instant;

/** {@code @every <duration>}: fires one interval after the previous time it was asked about. */
record IntervalSchedule(String expression, Duration interval) implements Schedule {

  IntervalSchedule {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("'" + expression + "': the interval must be positive");
    }
  }

  @Override
  public Instant nextAfter(Instant after) {
    return after.plus(interval);
  }

  static Duration parseDuration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'@every " + text + "': write a duration such as 30s, 5m, 1h30m");
    }
  }
}
