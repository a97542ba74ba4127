package dev.pouch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.agent.source.PlainCapture;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
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

/** {@code copies:} in the sidecar: every backup is copied to each target, then the 3-2-1 policy is evaluated. */
class SidecarCopiesTest {

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final PouchMetrics metrics = new PouchMetrics();
  private final List<SidecarEvent> events = new ArrayList<>();
  private Repository primary;
  private Repository offsite;
  private Path source;
  private int opened;

  @BeforeEach
  void setUp() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    TestRepositories.init(backend);
    primary = Repository.open(backend, TestRepositories.PASSWORD, clock, new SecureRandom());
    offsite = Repository.initCopyOf(MemoryStorageBackend.create(), primary);
    source = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(source.resolve("1.sst"), "table ".repeat(5000));
  }

  private Sidecar sidecar(String copies) throws Exception {
    PouchConfig config = new ConfigLoader(Map.of()).parse("""
        source: {path: %s, format: plain}
        repository: {url: /backups/primary, medium: disk}
        copies: %s
        schedule: {incremental: "@every 10s"}
        verify: {after_backup: false}
        """.formatted(source, copies), "pouch.yaml").config();
    BackupPlanner planner = kind -> new BackupPlanner.PlannedBackup(new BackupRequest(source, ExcludeRules.none(),
        List.of(kind.label()), "test-host", Optional.empty(), false, 2, Optional.empty()), new PlainCapture());
    CopyTargetOpener opener = target -> {
      opened++;
      if (target.url().equals("gs://dr/wombat")) {
        return offsite;
      }
      throw new IOException("connection refused: " + target.url());
    };
    Sidecar s = new Sidecar(primary, config, planner, metrics, events::add, new Actor("tester", "test-host", 1),
        opener, d -> { });
    s.loadState();
    return s;
  }

  private List<String> kinds() {
    return events.stream().map(SidecarEvent::kind).toList();
  }

  @Test
  void everyBackupIsCopiedAndThenThreeTwoOneHolds() throws Exception {
    Sidecar s = sidecar("[{url: \"gs://dr/wombat\", medium: gcs, site: offsite}]");
    assertThat(metrics.text()).contains("pouch_policy_321_satisfied 0.0",
        "pouch_copy_lag_seconds{target=\"gs://dr/wombat\"} +Inf");
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(kinds()).containsExactly("policy", "backup", "copy", "policy");
    assertThat(events.get(3).message()).isEqualTo("3-2-1 holds: 3 copies, media disk, gcs, 1 offsite");
    assertThat(metrics.text()).contains("pouch_copies_total{result=\"success\",target=\"gs://dr/wombat\"} 1",
        "pouch_copy_lag_seconds{target=\"gs://dr/wombat\"} 0.0", "pouch_policy_321_satisfied 1.0");

    Files.writeString(source.resolve("2.sst"), "more ".repeat(3000));
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(events.get(events.size() - 1).message()).startsWith("copied 1 snapshot(s) to gs://dr/wombat (raw");
    List<String> primaryIds = new SnapshotStore(primary).list().snapshots().stream().map(x -> x.id().hex()).toList();
    assertThat(new SnapshotStore(offsite).list().snapshots()).extracting(x -> x.id().hex())
        .containsExactlyElementsOf(primaryIds);
    assertThat(opened).as("a target is opened once and kept open").isEqualTo(1);

    // The copy alone restores.
    new RestoreService(offsite).restore(new RestoreRequest("latest", tmp.resolve("from-copy"), false, 2, true),
        dev.pouch.agent.backup.Progress.NONE);
    assertThat(tmp.resolve("from-copy/2.sst")).hasSameTextualContentAs(source.resolve("2.sst"));
  }

  @Test
  void anUnreachableTargetFailsItsCopyButNeitherTheBackupNorTheOtherTargets() throws Exception {
    Sidecar s = sidecar("[{url: \"gs://dr/wombat\", medium: gcs, site: offsite}, {url: \"/mnt/nas\", medium: nfs}]");
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(kinds()).containsExactly("policy", "backup", "copy", "copy-failed", "policy");
    assertThat(events.get(3).message()).isEqualTo("copy to /mnt/nas failed: IOException: connection refused: "
        + "/mnt/nas");
    assertThat(metrics.text()).contains("pouch_copies_total{result=\"failure\",target=\"/mnt/nas\"} 1",
        "pouch_copy_lag_seconds{target=\"/mnt/nas\"} +Inf", "pouch_errors_total{job=\"copy\"} 1",
        "pouch_copy_lag_seconds{target=\"gs://dr/wombat\"} 0.0", "pouch_ready 1.0",
        // live data, the primary and the offsite copy: three copies on two media, so the policy still holds
        "pouch_policy_321_satisfied 1.0");
    assertThat(s.notReadyReason()).isEmpty();
  }

  @Test
  void aCopyFallingBehindTheConfiguredMaximumLagStopsCountingUntilItCatchesUp() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.recording(MemoryStorageBackend.create());
    offsite = Repository.initCopyOf(faulty, primary);
    Sidecar s = sidecar("[{url: \"gs://dr/wombat\", medium: gcs, site: offsite}]\nalerts: {max_copy_lag: 30s}");
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(metrics.text()).contains("pouch_policy_321_satisfied 1.0");

    faulty.inject(When.every(StorageOperation.PUT), new Fault.Fail(Failure.ACCESS_DENIED));
    Files.writeString(source.resolve("3.sst"), "late ".repeat(100));
    clock.advance(Duration.ofSeconds(45));
    s.runDue();
    assertThat(kinds()).endsWith("backup", "copy-failed", "policy");
    assertThat(events.get(events.size() - 1).message()).contains("3-2-1 does NOT hold",
        "newest copy is 45s behind the primary (at most 30s allowed)");
    assertThat(metrics.text()).contains("pouch_copy_lag_seconds{target=\"gs://dr/wombat\"} 45.0",
        "pouch_policy_321_satisfied 0.0");

    faulty.clearFaults();
    clock.advance(Duration.ofSeconds(10));
    s.runDue();
    assertThat(new SnapshotStore(offsite).list().snapshots()).hasSize(3);
    assertThat(metrics.text()).contains("pouch_copy_lag_seconds{target=\"gs://dr/wombat\"} 0.0",
        "pouch_policy_321_satisfied 1.0");
  }
}
