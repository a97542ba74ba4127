package dev.pouch.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PouchMetricsTest {

  private final PouchMetrics metrics = new PouchMetrics();

  @Test
  void exposesTheDesignMetricNames() {
    String text = metrics.text();
    assertThat(text).contains("pouch_backup_last_success_timestamp_seconds", "pouch_backup_duration_seconds",
        "pouch_backups_total{kind=\"full\",result=\"success\"} 0", "pouch_backup_bytes_read_total",
        "pouch_backup_bytes_added_total", "pouch_backup_bytes_stored_total", "pouch_wal_shipping_lag_seconds NaN",
        "pouch_policy_321_satisfied NaN", "pouch_drill_last_success_timestamp_seconds",
        "pouch_health_alert{alert=\"backup_overdue\"} 0", "pouch_backup_success_rate NaN");
    // without copy targets the labelled series do not exist
    assertThat(text).doesNotContain("pouch_copy_lag_seconds{", "pouch_copies_total{");
  }

  @Test
  void walShippingLagIsZeroWhenCaughtUpAndGrowsWhileDataWaits() {
    metrics.walShippingOn();
    assertThat(metrics.text()).contains("pouch_wal_shipping_lag_seconds 0.0", "pouch_wal_pieces_shipped_total 0.0");
    metrics.walShipped(3, Duration.ZERO);
    metrics.walShipped(0, Duration.ofMillis(2500));
    assertThat(metrics.text()).contains("pouch_wal_shipping_lag_seconds 2.5", "pouch_wal_pieces_shipped_total 3.0");
    metrics.walFailed(Duration.ofSeconds(9));
    assertThat(metrics.text()).contains("pouch_wal_shipping_lag_seconds 9.0", "pouch_errors_total{job=\"wal\"} 1");
  }

  @Test
  void copyTargetsHaveTheirOwnSeriesAndPolicyIsZeroOrOne() {
    metrics.copyTarget("gs://dr/w");
    assertThat(metrics.text()).contains("pouch_copy_lag_seconds{target=\"gs://dr/w\"} NaN",
        "pouch_copies_total{result=\"success\",target=\"gs://dr/w\"} 0");
    metrics.copied("gs://dr/w", true);
    metrics.copyLag("gs://dr/w", Optional.of(Duration.ZERO));
    metrics.policy321(true);
    assertThat(metrics.text()).contains("pouch_copy_lag_seconds{target=\"gs://dr/w\"} 0.0",
        "pouch_copies_total{result=\"success\",target=\"gs://dr/w\"} 1", "pouch_policy_321_satisfied 1.0");
    metrics.copied("gs://dr/w", false);
    metrics.copyLag("gs://dr/w", Optional.empty());
    metrics.policy321(false);
    assertThat(metrics.text()).contains("pouch_copy_lag_seconds{target=\"gs://dr/w\"} +Inf",
        "pouch_errors_total{job=\"copy\"} 1", "pouch_policy_321_satisfied 0.0");
  }

  @Test
  void cleanupCountsWhatItRemoved() {
    metrics.cleanedUp(Instant.ofEpochSecond(1_800_000_000L), 4, 1000);
    metrics.cleanupFailed();
    assertThat(metrics.text()).contains("pouch_cleanup_last_success_timestamp_seconds 1.8E9",
        "pouch_cleanup_snapshots_removed_total 4.0", "pouch_cleanup_bytes_deleted_total 1000.0",
        "pouch_errors_total{job=\"cleanup\"} 1");
  }

  @Test
  void aSuccessfulBackupSetsGaugesAndCounters() {
    BackupSummary s = new BackupSummary(3, 3, 0, 0, 4000, 4000, 1000, 600, 2, 1, Duration.ofMillis(1500));
    metrics.backupSucceeded(BackupKind.INCREMENTAL, Instant.ofEpochSecond(1_800_000_000L), s, 4000, 3);
    metrics.backupFailed(BackupKind.FULL, Instant.ofEpochSecond(1_800_000_100L));
    metrics.successRate(Optional.of(0.5));
    String text = metrics.text();
    assertThat(text).contains("pouch_backup_last_success_timestamp_seconds 1.8E9",
        "pouch_backups_total{kind=\"incremental\",result=\"success\"} 1",
        "pouch_backups_total{kind=\"full\",result=\"failure\"} 1", "pouch_backup_dedup_ratio 4.0",
        "pouch_backup_duration_seconds 1.5", "pouch_backup_bytes_stored_total 600.0", "pouch_backup_success_rate 0.5",
        "pouch_errors_total{job=\"backup\"} 1");
  }

  @Test
  void storageRequestsComeFromTheMeterAtScrapeTime() throws Exception {
    StorageMeter meter = new StorageMeter();
    StorageMetricsCollector.register(metrics, "local", meter);
    try (MeteredStorageBackend b = MeteredStorageBackend.of(MemoryStorageBackend.create(), meter, System::nanoTime)) {
      b.put(BlobKey.of("a"), BlobContent.of(new byte[10]), PutMode.CREATE_IF_ABSENT);
      b.stat(BlobKey.of("missing"));
    }
    assertThat(metrics.text()).contains("pouch_storage_requests_total{backend=\"local\",operation=\"put\"} 1",
        "pouch_storage_requests_total{backend=\"local\",operation=\"stat\"} 1",
        "pouch_storage_bytes_total{backend=\"local\",operation=\"put\"} 10");
  }

  @Test
  void serverAnswersMetricsHealthAndReadiness() throws Exception {
    AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.of("repository not open"));
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics, notReady::get)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.body()).contains("pouch_backups_total");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("repository not open");
      notReady.set(Optional.empty());
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }
}
