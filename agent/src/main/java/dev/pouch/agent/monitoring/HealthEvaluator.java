package dev.pouch.agent.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's BackupMonitor.checkBackupHealth: backup overdue, success rate below the minimum, empty backup. The
 * Prometheus rules in {@code deploy/prometheus/pouch-rules.yml} express the same conditions over the metrics.
 */
public final class HealthEvaluator {

  private final AlertThresholds thresholds;

  public HealthEvaluator(AlertThresholds thresholds) {
    this.thresholds = thresholds;
  }

  public HealthReport evaluate(Instant now, HealthInputs in) {
    List<Alert> alerts = new ArrayList<>();
    Duration limit = thresholds.overdueAfter();
    Instant reference = in.lastSuccess().orElse(Instant.EPOCH);
    boolean pastGrace = in.watchingSince().map(s -> Duration.between(s, now).compareTo(limit) > 0).orElse(true);
    if (Duration.between(reference, now).compareTo(limit) > 0 && pastGrace) {
      alerts.add(new Alert(AlertKind.BACKUP_OVERDUE, in.lastSuccess()
          .map(t -> "backup overdue: the last successful backup finished " + t + ", more than " + human(limit)
              + " ago")
          .orElse("backup overdue: no successful backup yet, and more than " + human(limit) + " have passed")));
    }
    if (in.successRate().isPresent() && in.successRate().get() < thresholds.minSuccessRate()) {
      alerts.add(new Alert(AlertKind.SUCCESS_RATE_LOW, String.format(Locale.ROOT,
          "low backup success rate: %.2f, below %.2f", in.successRate().get(), thresholds.minSuccessRate())));
    }
    if (thresholds.alertOnEmpty() && in.lastBackupBytes().isPresent() && in.lastBackupBytes().get() == 0) {
      alerts.add(new Alert(AlertKind.EMPTY_BACKUP, "empty backup detected: the newest snapshot holds 0 bytes"));
    }
    return new HealthReport(alerts);
  }

  private static String human(Duration d) {
    return d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 ? d.toHours() + " h"
        : d.toSeconds() + " s";
  }
}
