package dev.pouch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.config.RetentionSection;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.retention.CalendarDuration;
import dev.pouch.agent.retention.RetentionPolicy;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.agent.source.PlainCapture;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedule.cleanup}: forget by {@code retention:}, then prune, on the sidecar's schedule. */
class SidecarCleanupTest {

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final PouchMetrics metrics = new PouchMetrics();
  private final List<SidecarEvent> events = new ArrayList<>();
  private Repository repo;
  private Path source;

  @BeforeEach
  void setUp() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    TestRepositories.init(backend);
    repo = Repository.open(backend, TestRepositories.PASSWORD, clock, new SecureRandom());
    source = Files.createDirectories(tmp.resolve("src"));
  }

  private Sidecar sidecar(String retention) throws Exception {
    PouchConfig config = new ConfigLoader(Map.of()).parse("""
        source: {path: %s, format: plain}
        repository: {url: memory}
        schedule: {incremental: "@every 10m", cleanup: "@every 1h"}
        retention: %s
        verify: {after_backup: false}
        """.formatted(source, retention), "pouch.yaml").config();
    BackupPlanner planner = kind -> new BackupPlanner.PlannedBackup(new BackupRequest(source, ExcludeRules.none(),
        List.of(kind.label()), "test-host", Optional.empty(), false, 2, Optional.empty()), new PlainCapture());
    Sidecar s = new Sidecar(repo, config, planner, metrics, events::add, new Actor("tester", "test-host", 1),
        target -> {
          throw new IOException("no copy targets in this test");
        }, d -> { });
    s.loadState();
    return s;
  }

  /** Backups ten minutes apart, each of a file that differs from the last; a cleanup is due with every sixth. */
  private void backups(Sidecar s, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[200_000];
      new Random(i).nextBytes(data);
      Files.write(source.resolve("data.sst"), data);
      clock.advance(Duration.ofMinutes(10));
      s.runDue();
    }
  }

  @Test
  void forgetsByRetentionThenPrunesAndTheRestStillVerifiesAndIsAudited() throws Exception {
    Sidecar s = sidecar("{keep_last: 2}");
    backups(s, 6);
    assertThat(events).extracting(SidecarEvent::kind).endsWith("backup", "cleanup");
    assertThat(events.get(events.size() - 1).message()).startsWith("forgot 4 snapshot(s); pruned 4 pack(s)");
    assertThat(new SnapshotStore(repo).list().snapshots()).hasSize(2);
    assertThat(metrics.text()).contains("pouch_cleanup_snapshots_removed_total 4.0",
        "pouch_cleanup_last_success_timestamp_seconds " + (double) clock.instant().getEpochSecond())
        .doesNotContain("pouch_cleanup_bytes_deleted_total 0.0");
    assertThat(new VerifyService(repo).verify(true, 2, Progress.NONE).ok()).isTrue();
    assertThat(new AuditLog(repo).list().entries()).extracting(e -> e.record().command())
        .contains(Cleanup.COMMAND);
  }

  @Test
  void aRepositoryLockedByAnotherProcessFailsTheCleanupWhichTheNextScheduleRetries() throws Exception {
    Sidecar s = sidecar("{days: 1}");
    backups(s, 5);
    try (RepositoryLock other = new LockService(repo, "other-host", 77).acquire(LockMode.SHARED, "backup")) {
      backups(s, 1);
    }
    assertThat(events).extracting(SidecarEvent::kind).endsWith("cleanup-failed");
    assertThat(events.get(events.size() - 1).message()).contains("locked shared by backup on other-host");
    assertThat(metrics.text()).contains("pouch_errors_total{job=\"cleanup\"} 1");
    clock.advance(Duration.ofHours(1));
    s.runDue();
    assertThat(events.get(events.size() - 1).kind()).isEqualTo("cleanup");
  }

  @Test
  void theRetentionSectionBecomesRestricsRules() {
    RetentionPolicy p = Cleanup.policy(new RetentionSection(30, 3, null, 7, 4, -1, null, "1y6m"));
    assertThat(p).isEqualTo(RetentionPolicy.builder().retentionDays(30).keepLast(3).keepDaily(7).keepWeekly(4)
        .keepMonthly(RetentionPolicy.UNLIMITED).keepWithin(CalendarDuration.parse("1y6m")).build());
    assertThat(Cleanup.policy(new RetentionSection(null, 0, null, null, null, null, null, null)).isEmpty()).isTrue();
  }
}
