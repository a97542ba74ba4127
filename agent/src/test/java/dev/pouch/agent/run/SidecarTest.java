package dev.pouch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.drill.DrillHistory;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.monitoring.BackupKind;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.repository.Repository;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar loop stepped on a manual clock: no test here sleeps. */
class SidecarTest {

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
  private MemoryStorageBackend backend;
  private Repository repo;
  private Path source;
  private final List<SidecarEvent> events = new ArrayList<>();
  private final PouchMetrics metrics = new PouchMetrics();
  private boolean failNextPlan;

  @BeforeEach
  void setUp() throws Exception {
    backend = MemoryStorageBackend.create();
    TestRepositories.init(backend);
    repo = Repository.open(backend, TestRepositories.PASSWORD, clock, new SecureRandom());
    source = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(source.resolve("1.sst"), "table ".repeat(5000));
  }

  private PouchConfig config(String schedule) throws Exception {
    return new ConfigLoader(Map.of()).parse("""
        source: {path: %s}
        repository: {url: memory}
        schedule: %s
        verify: {after_backup: true, drill_scratch: %s}
        alerts: {overdue_after: 1h}
        shutdown: {grace: 5s}
        """.formatted(source, schedule, tmp.resolve("scratch")), "pouch.yaml").config();
  }

  private Sidecar sidecar(PouchConfig config) throws IOException {
    BackupPlanner planner = kind -> {
      if (failNextPlan) {
        failNextPlan = false;
        throw new IOException("source unreadable");
      }
      return new BackupPlanner.PlannedBackup(new BackupRequest(source, ExcludeRules.none(), List.of(kind.label()),
          "test-host", Optional.empty(), kind == BackupKind.FULL, 2, Optional.empty()), new PlainCapture());
    };
    Sidecar s = new Sidecar(repo, config, planner, metrics, events::add, new Actor("tester", "test-host", 1),
        target -> {
          throw new IOException("no copy targets in this test");
        }, d -> { });
    s.loadState();
    return s;
  }

  /** The events, without the 3-2-1 verdict every start reports (SidecarCopiesTest covers it). */
  private List<String> eventKinds() {
    return events.stream().map(SidecarEvent::kind).filter(k -> !k.equals("policy")).toList();
  }

  @Test
  void incrementalOnItsScheduleThenVerified() throws Exception {
    Sidecar s = sidecar(config("{incremental: \"@every 10s\"}"));
    assertThat(s.runDue()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(s.runDue()).containsExactly(Sidecar.Job.INCREMENTAL);
    assertThat(eventKinds()).containsExactly("backup", "verify");
    assertThat(new SnapshotStore(repo).list().snapshots()).hasSize(1);
    assertThat(new SnapshotStore(repo).list().snapshots().get(0).snapshot().tags()).containsExactly("incremental");
    assertThat(metrics.text()).contains("pouch_backups_total{kind=\"incremental\",result=\"success\"} 1",
        "pouch_verify_problems 0.0", "pouch_ready 1.0");
    assertThat(s.notReadyReason()).isEmpty();
  }

  @Test
  void fullAndIncrementalDueTogetherRunOnceAsFull() throws Exception {
    Sidecar s = sidecar(config("{full: \"@every 1m\", incremental: \"@every 1m\"}"));
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runDue()).containsExactly(Sidecar.Job.FULL);
    assertThat(new SnapshotStore(repo).list().snapshots().get(0).snapshot().tags()).containsExactly("full");
  }

  @Test
  void aFullBackupRereadsUnchangedFiles() throws Exception {
    Sidecar s = sidecar(config("{full: \"@every 1h\", incremental: \"@every 10m\"}"));
    clock.advance(Duration.ofMinutes(10));
    s.runDue();
    clock.advance(Duration.ofMinutes(10));
    s.runDue();
    clock.advance(Duration.ofMinutes(40));
    assertThat(s.runDue()).containsExactly(Sidecar.Job.FULL);
    var snaps = new SnapshotStore(repo).list().snapshots();
    assertThat(snaps.get(1).snapshot().summary().bytesRead()).isZero();
    assertThat(snaps.get(2).snapshot().summary().bytesRead()).isEqualTo(30_000);
  }

  @Test
  void aFailedBackupIsCountedMakesItNotReadyAndTheNextSuccessRecovers() throws Exception {
    Sidecar s = sidecar(config("{incremental: \"@every 10s\"}"));
    failNextPlan = true;
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(eventKinds()).containsExactly("backup-failed");
    assertThat(s.notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("source unreadable"));
    assertThat(metrics.text()).contains("pouch_backups_total{kind=\"incremental\",result=\"failure\"} 1",
        "pouch_backup_success_rate 0.0", "pouch_health_alert{alert=\"success_rate_low\"} 1", "pouch_ready 0.0");
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(s.notReadyReason()).isEmpty();
    assertThat(metrics.text()).contains("pouch_backup_success_rate 0.5");
  }

  @Test
  void overdueOnceNoBackupSucceededForLongerThanTheThreshold() throws Exception {
    Sidecar s = sidecar(config("{incremental: \"@daily\"}"));
    clock.advance(Duration.ofMinutes(61));
    s.runDue();
    assertThat(metrics.text()).contains("pouch_health_alert{alert=\"backup_overdue\"} 1");
    assertThat(s.health().alerts()).extracting(a -> a.kind().ruleName()).containsExactly("PouchBackupOverdue");
  }

  @Test
  void aBackupWithinTheGraceFinishesAfterStop() throws Exception {
    Sidecar s = sidecar(config("{incremental: \"@every 10s\"}"));
    s.requestStop();
    assertThat(s.backupNow(BackupKind.INCREMENTAL)).isTrue();
    assertThat(new SnapshotStore(repo).list().snapshots()).hasSize(1);
    assertThat(s.runDue()).isEmpty();
  }

  @Test
  void aBackupPastTheGraceIsAbandonedLeavingNoSnapshotAndNoLock() throws Exception {
    Sidecar s = sidecar(config("{incremental: \"@every 10s\"}"));
    s.requestStop();
    clock.advance(Duration.ofSeconds(6));
    assertThat(s.backupNow(BackupKind.INCREMENTAL)).isFalse();
    assertThat(eventKinds()).containsExactly("backup-abandoned");
    assertThat(new SnapshotStore(repo).list().snapshots()).isEmpty();
    assertThat(new LockService(repo, "test-host", 1).list()).isEmpty();
    assertThat(new VerifyService(repo).verify(true, 1, dev.pouch.agent.backup.Progress.NONE).ok()).isTrue();
    assertThat(metrics.text()).contains("pouch_backups_total{kind=\"incremental\",result=\"failure\"} 0");
  }

  @Test
  void scheduledDrillIsRecordedInTheHistoryAndMetrics() throws Exception {
    Sidecar s = sidecar(new ConfigLoader(Map.of()).parse("""
        source: {path: %s}
        repository: {url: memory}
        schedule: {incremental: "@every 10s"}
        verify: {after_backup: false, drill: "@every 15s", drill_scratch: %s}
        """.formatted(source, tmp.resolve("scratch")), "pouch.yaml").config());
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(s.runDue()).containsExactly(Sidecar.Job.DRILL);
    assertThat(eventKinds()).containsExactly("backup", "drill");
    assertThat(new DrillHistory(repo).list().drills()).hasSize(1);
    assertThat(metrics.text()).contains("pouch_drill_last_passed 1.0", "pouch_drill_rpo_seconds 5.0");
  }

  @Test
  void withoutCopyTargets321DoesNotHoldAndSaysWhy() throws Exception {
    sidecar(config("{incremental: \"@daily\"}"));
    assertThat(metrics.text()).contains("pouch_policy_321_satisfied 0.0");
    assertThat(events).filteredOn(e -> e.kind().equals("policy")).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("3-2-1 does NOT hold", "name copy targets"));
  }

  @Test
  void aRestartedSidecarKnowsTheNewestBackup() throws Exception {
    TestRepositories.backup(repo, source);
    sidecar(config("{incremental: \"@daily\"}"));
    assertThat(metrics.text()).contains("pouch_backup_last_size_bytes 30000.0")
        .doesNotContain("pouch_backup_last_success_timestamp_seconds 0.0");
  }
}
