package dev.pouch.wombat.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A deterministic clock for simulations: every reading advances it by a fixed step, so a run's recorded times (and
 * the MANIFEST timestamps derived from them) depend only on the sequence of operations. Thread-safe.
 */
public final class SteppingClock extends Clock {
  private final Instant start;
  private final Duration step;
  private long readings;

  /** A clock whose first reading is {@code start} and each next one {@code step} later. */
  public SteppingClock(Instant start, Duration step) {
    this.start = start;
    this.step = step;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a stepping clock has no zones");
  }

  @Override
  public synchronized Instant instant() {
    return start.plus(step.multipliedBy(readings++));
  }

  /** The instant the next reading will return, without taking it. */
  public synchronized Instant peek() {
    return start.plus(step.multipliedBy(readings));
  }
}
