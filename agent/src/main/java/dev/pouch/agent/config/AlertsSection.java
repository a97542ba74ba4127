package dev.pouch.agent.config;

import java.time.Duration;

/**
 * {@code alerts:} the seed's BackupMonitor checks, and the 3-2-1 policy's lag limit.
 *
 * @param overdueAfter alert when the last successful backup is older (default 24h)
 * @param minSuccessRate alert when the share of successful attempts falls below (default 0.95)
 * @param successRateWindow how many recent attempts the success rate counts (default 20)
 * @param alertOnEmpty alert when the last backup holds no bytes (default true)
 * @param maxCopyLag a copy target counts for 3-2-1 only while its newest copy is at most this far behind the
 *     primary's newest snapshot; absent: any copy counts
 */
public record AlertsSection(Duration overdueAfter, Double minSuccessRate, Integer successRateWindow,
    Boolean alertOnEmpty, Duration maxCopyLag) {

  public AlertsSection {
    overdueAfter = overdueAfter == null ? Duration.ofHours(24) : overdueAfter;
    minSuccessRate = minSuccessRate == null ? 0.95 : minSuccessRate;
    successRateWindow = successRateWindow == null ? 20 : successRateWindow;
    alertOnEmpty = alertOnEmpty == null ? Boolean.TRUE : alertOnEmpty;
  }

  public static AlertsSection defaults() {
    return new AlertsSection(null, null, null, null, null);
  }
}
