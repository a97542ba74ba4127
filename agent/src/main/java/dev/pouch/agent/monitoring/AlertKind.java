package dev.pouch.agent.monitoring;

/** The seed's BackupMonitor alerts; {@link #ruleName()} is the alert's name in deploy/prometheus/pouch-rules.yml. */
public enum AlertKind {
  BACKUP_OVERDUE("backup_overdue", "PouchBackupOverdue"),
  SUCCESS_RATE_LOW("success_rate_low", "PouchBackupSuccessRateLow"),
  EMPTY_BACKUP("empty_backup", "PouchBackupEmpty");

  private final String label;
  private final String ruleName;

  AlertKind(String label, String ruleName) {
    this.label = label;
    this.ruleName = ruleName;
  }

  /** The value of the {@code alert} label of {@code pouch_health_alert}. */
  public String label() {
    return label;
  }

  public String ruleName() {
    return ruleName;
  }
}
