package dev.pouch.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.copy.CopyService;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyObserverTest {

  private static final CopyTarget TARGET = CopyTarget.parse("mem:other:s3:offsite");

  private static SnapshotId snapshot(Repository repo, String time) throws IOException {
    return new SnapshotStore(repo).write(new Snapshot(Snapshot.VERSION, Instant.parse(time), "h", "/data", null,
        List.of(), List.of(), null, null));
  }

  private static CopyObserver observer(Repository primary) throws IOException {
    return new CopyObserver(new SnapshotStore(primary).list().snapshots());
  }

  private static LockService locks(Repository repo) {
    return new LockService(repo, "h", 1);
  }

  @Test
  void findsTheNewestCopiedSnapshotByNameWithoutOpeningTheTarget() throws Exception {
    Repository primary = TestRepositories.init(MemoryStorageBackend.create());
    SnapshotId old = snapshot(primary, "2026-11-01T00:00:00Z");
    MemoryStorageBackend targetBackend = MemoryStorageBackend.create();
    Repository target = Repository.initCopyOf(targetBackend, primary);
    new CopyService(primary, target, locks(primary), locks(target), 1).copy(new CopyService.CopyRequest(List.of()));
    snapshot(primary, "2026-11-02T00:00:00Z");

    Observation seen = observer(primary).target(TARGET, targetBackend, backend -> {
      throw new AssertionError("no need to open the target");
    });
    assertThat(seen.newest()).hasValueSatisfying(n -> {
      assertThat(n.snapshot()).isEqualTo(old.hex());
      assertThat(n.time()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    });
    assertThat(observer(primary).primary(TARGET).newest().orElseThrow().time())
        .isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
  }

  @Test
  void opensAnUnrelatedTargetToReadItsTimes() throws Exception {
    Repository primary = TestRepositories.init(MemoryStorageBackend.create());
    snapshot(primary, "2026-11-02T00:00:00Z");
    MemoryStorageBackend targetBackend = MemoryStorageBackend.create();
    Repository other = TestRepositories.init(targetBackend);
    SnapshotId theirs = snapshot(other, "2026-11-01T00:00:00Z");
    Observation seen = observer(primary).target(TARGET, targetBackend, TestRepositories::open);
    assertThat(seen.newest().orElseThrow().snapshot()).isEqualTo(theirs.hex());
  }

  @Test
  void anEmptyOrUnreachableTargetIsAnObservationNotAnError() throws Exception {
    Repository primary = TestRepositories.init(MemoryStorageBackend.create());
    snapshot(primary, "2026-11-02T00:00:00Z");
    assertThat(observer(primary).target(TARGET, MemoryStorageBackend.create(), TestRepositories::open).newest())
        .isEmpty();
    FaultInjectingStorageBackend down = FaultInjectingStorageBackend.builder(MemoryStorageBackend.create())
        .failFirst(StorageOperation.LIST, 1, Failure.ACCESS_DENIED).build();
    Observation seen = observer(primary).target(TARGET, down, TestRepositories::open);
    assertThat(seen.error()).hasValueSatisfying(e -> assertThat(e).contains("injected"));
  }
}
