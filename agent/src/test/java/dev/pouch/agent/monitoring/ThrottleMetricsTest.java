package dev.pouch.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.snapshot.BackupSummary;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The read rate and throttle gauges: live during a backup, the newest backup's averages after it. */
class ThrottleMetricsTest {

  private final PouchMetrics metrics = new PouchMetrics();

  private static BackupSummary summary(Long readRate, Long limit) {
    return new BackupSummary(1, 1, 0, 0, 100, 100, 100, 80, 1, 1, Duration.ofSeconds(2), readRate, limit);
  }

  @Test
  void unknownBeforeTheFirstBackup() {
    assertThat(metrics.text()).contains("pouch_backup_read_rate_bytes_per_second NaN",
        "pouch_backup_throttle_limit_bytes_per_second NaN");
  }

  @Test
  void liveValuesWhileABackupReads() {
    metrics.readThrottle(1.5e7, 52_428_800);
    assertThat(metrics.text()).contains("pouch_backup_read_rate_bytes_per_second 1.5E7",
        "pouch_backup_throttle_limit_bytes_per_second 5.24288E7");

    metrics.readThrottle(3e8, 0);
    assertThat(metrics.text()).contains("pouch_backup_throttle_limit_bytes_per_second +Inf");
  }

  @Test
  void theNewestBackupsAveragesAfterIt() {
    metrics.backupSucceeded(BackupKind.FULL, Instant.ofEpochSecond(1_800_000_000L), summary(40_000_000L, 50_000_000L),
        100, 1);
    assertThat(metrics.text()).contains("pouch_backup_read_rate_bytes_per_second 4.0E7",
        "pouch_backup_throttle_limit_bytes_per_second 5.0E7");

    metrics.backupSucceeded(BackupKind.FULL, Instant.ofEpochSecond(1_800_000_100L), summary(90_000_000L, null), 100,
        1);
    assertThat(metrics.text()).contains("pouch_backup_read_rate_bytes_per_second 9.0E7",
        "pouch_backup_throttle_limit_bytes_per_second +Inf");
  }
}
