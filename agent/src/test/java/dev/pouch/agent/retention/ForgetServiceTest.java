package dev.pouch.agent.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.audit.AuditRecord;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForgetServiceTest {

  private static final Actor ACTOR = new Actor("ops", "test-host", 42);
  private final MemoryStorageBackend backend = MemoryStorageBackend.create();
  private Repository repo;
  private final List<SnapshotId> ids = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    repo = TestRepositories.init(backend);
    SnapshotStore store = new SnapshotStore(repo);
    for (int day = 1; day <= 10; day++) {
      for (String host : List.of("db-0", "db-1")) {
        ids.add(store.write(new Snapshot(Snapshot.VERSION, Instant.parse(String.format("2024-11-%02dT10:00:00Z",
            day)), host, "/data", null, List.of(), List.of(), null, null)));
      }
    }
  }

  private ForgetService service() {
    return new ForgetService(repo, new LockService(repo, "test-host", ProcessHandle.current().pid()));
  }

  private ForgetService.ForgetRequest request(RetentionPolicy policy, Optional<String> host, boolean dryRun) {
    return new ForgetService.ForgetRequest(policy, host, List.of(), dryRun, ACTOR, "forget --keep-last 3");
  }

  @Test
  void deletesWhatThePolicyDoesNotKeepAndAuditsItFirst() throws Exception {
    ForgetService.ForgetResult result = service().run(request(RetentionPolicy.builder().keepLast(3).build(),
        Optional.empty(), false));
    assertThat(result.removed()).hasSize(14);
    assertThat(new SnapshotStore(repo).ids()).hasSize(6);
    AuditLog.Listing audit = new AuditLog(repo).list();
    assertThat(audit.entries()).hasSize(1);
    AuditRecord record = audit.entries().get(0).record();
    assertThat(record.phase()).isEqualTo(AuditRecord.Phase.STARTED);
    assertThat(record.actor()).isEqualTo(ACTOR);
    assertThat(record.command()).isEqualTo("forget --keep-last 3");
    assertThat(record.snapshots()).containsExactlyInAnyOrderElementsOf(
        result.removed().stream().map(SnapshotId::hex).toList());
    assertThat(record.objects()).allSatisfy(k -> assertThat(k).startsWith("snapshots/"));
    assertThat(backend.keys()).noneMatch(k -> k.value().startsWith("locks/"));
  }

  @Test
  void dryRunDeletesNothingAndTakesNoLock() throws Exception {
    try (RepositoryLock held = new LockService(repo, "other", 1).acquire(LockMode.EXCLUSIVE, "prune")) {
      ForgetService.ForgetResult result = service().run(request(RetentionPolicy.builder().keepLast(1).build(),
          Optional.empty(), true));
      assertThat(result.plan().removals()).hasSize(18);
      assertThat(result.removed()).isEmpty();
    }
    assertThat(new SnapshotStore(repo).ids()).hasSize(20);
    assertThat(new AuditLog(repo).list().entries()).isEmpty();
  }

  @Test
  void hostFilterLeavesOtherHostsAlone() throws Exception {
    service().run(request(RetentionPolicy.builder().keepLast(2).build(), Optional.of("db-1"), false));
    List<Snapshot> left = new SnapshotStore(repo).list().snapshots().stream().map(SnapshotStore.Stored::snapshot)
        .toList();
    assertThat(left.stream().filter(s -> s.host().equals("db-0"))).hasSize(10);
    assertThat(left.stream().filter(s -> s.host().equals("db-1"))).hasSize(2);
  }

  @Test
  void refusesWhileAnotherCommandHoldsALock() throws Exception {
    try (RepositoryLock held = new LockService(repo, "other", 1).acquire(LockMode.SHARED, "backup")) {
      assertThatThrownBy(() -> service().run(request(RetentionPolicy.builder().keepLast(1).build(),
          Optional.empty(), false))).isInstanceOf(RepositoryLockedException.class);
    }
    assertThat(new SnapshotStore(repo).ids()).hasSize(20);
  }

  @Test
  void explicitIdsRemoveExactlyThoseEvenTheNewest() throws Exception {
    SnapshotId newest = ids.get(ids.size() - 1);
    ForgetService.ForgetResult result = service().run(new ForgetService.ForgetRequest(RetentionPolicy.builder()
        .build(), Optional.empty(), List.of(newest.hex().substring(0, 12)), false, ACTOR, "forget ID"));
    assertThat(result.removed()).containsExactly(newest);
    assertThat(new SnapshotStore(repo).ids()).hasSize(19).doesNotContain(newest);
  }

  @Test
  void retentionDaysKeepsTheBaseCapturedBeforeTheWindowNotTheOneStartedBeforeIt() throws Exception {
    // now - 3 days = 2024-11-17T12:00:00Z. The second backup started before that and was captured after it; by start
    // times alone it was the base and the first was removed, leaving 12:00-12:03 without a base.
    Repository wombat = TestRepositories.init(MemoryStorageBackend.create(),
        new ManualClock(Instant.parse("2024-11-20T12:00:00Z")));
    SnapshotStore store = new SnapshotStore(wombat);
    SnapshotId older = store.write(captured("2024-11-10T09:00:00Z", "2024-11-10T09:05:00Z"));
    SnapshotId capturedBefore = store.write(captured("2024-11-17T09:00:00Z", "2024-11-17T09:05:00Z"));
    SnapshotId straddling = store.write(captured("2024-11-17T11:58:00Z", "2024-11-17T12:03:00Z"));
    SnapshotId inside = store.write(captured("2024-11-20T11:00:00Z", "2024-11-20T11:04:00Z"));

    ForgetService.ForgetResult result = new ForgetService(wombat, new LockService(wombat, "test-host", 1))
        .run(request(RetentionPolicy.builder().retentionDays(3).build(), Optional.empty(), false));

    assertThat(result.removed()).containsExactly(older);
    assertThat(store.ids()).containsExactlyInAnyOrder(capturedBefore, straddling, inside);
    assertThat(PitrIndex.bases(wombat).get(0).at()).isBeforeOrEqualTo(Instant.parse("2024-11-17T12:00:00Z"));
  }

  private static Snapshot captured(String start, String capturedAt) {
    ObjectNode proof = JsonNodeFactory.instance.objectNode().put("capturedAt", capturedAt);
    return new Snapshot(Snapshot.VERSION, Instant.parse(start), "db-0", "/data", null, List.of(), List.of(), null,
        proof);
  }

  @Test
  void aRequestNeedsRulesOrIdsButNotBoth() {
    assertThatThrownBy(() -> request(RetentionPolicy.builder().build(), Optional.empty(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--keep-daily");
    assertThatThrownBy(() -> new ForgetService.ForgetRequest(RetentionPolicy.builder().keepLast(1).build(),
        Optional.empty(), List.of("abcd"), false, ACTOR, "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
