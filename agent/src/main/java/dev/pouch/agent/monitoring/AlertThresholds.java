package dev.pouch.agent.monitoring;

import java.time.Duration;

/**
 * When the seed's checks fire (config {@code alerts:}).
 *
 * @param overdueAfter the last successful backup may be at most this old (seed: 24 h)
 * @param minSuccessRate the success rate may not fall below this (seed: 0.95)
 * @param alertOnEmpty whether a backup holding no bytes is an alert (seed: yes)
 */
public record AlertThresholds(Duration overdueAfter, double minSuccessRate, boolean alertOnEmpty) {

  public static AlertThresholds seed() {
    return new AlertThresholds(Duration.ofHours(24), 0.95, true);
  }
}
