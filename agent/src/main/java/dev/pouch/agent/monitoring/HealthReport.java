package dev.pouch.agent.monitoring;

import java.util.List;

/** The checks' outcome at one moment: the alerts that fire; healthy when none does. */
public record HealthReport(List<Alert> alerts) {

  public HealthReport {
    alerts = List.copyOf(alerts);
  }

  public boolean healthy() {
    return alerts.isEmpty();
  }

  public boolean firing(AlertKind kind) {
    return alerts.stream().anyMatch(a -> a.kind() == kind);
  }
}
