package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.audit.AuditRecord;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.lock.LockInfo;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneServiceTest {

  static final Actor ACTOR = new Actor("ops", "test-host", 1);

  @TempDir Path tmp;

  /** A repository with two snapshots; the first is forgotten, so part of its data is garbage. */
  private final class Scenario {
    final ManualClock storageClock = new ManualClock(Instant.now()); // the storage's modification times
    final MemoryStorageBackend memory = MemoryStorageBackend.create(storageClock, "memory");
    final FaultInjectingStorageBackend backend = FaultInjectingStorageBackend.recording(memory);
    final SnapshotHistory history = new SnapshotHistory(tmp);
    final Repository repo;
    final SnapshotId first;
    final SnapshotId second;

    Scenario(String name) throws Exception {
      repo = TestRepositories.init(backend);
      Path src = Files.createDirectories(tmp.resolve(name));
      BackupRestoreTest.writeRandom(src.resolve("kept.sst"), 300_000, 1);
      BackupRestoreTest.writeRandom(src.resolve("changing.vlog"), 300_000, 2);
      first = history.backup(repo, src);
      BackupRestoreTest.writeRandom(src.resolve("changing.vlog"), 300_000, 3);
      second = history.backup(repo, src);
      backend.delete(RepositoryLayout.snapshot(first));
      backend.clearCalls();
    }

    PruneReport prune(double threshold) throws Exception {
      return service().run(new PruneService.PruneOptions(false, threshold, false, ACTOR, "prune"));
    }

    PruneService service() {
      return new PruneService(repo, new LockService(repo, "test-host", ProcessHandle.current().pid()), 2);
    }

    Set<String> keys() {
      return memory.keys().stream().map(BlobKey::value).filter(k -> !k.startsWith("locks/"))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    long packs() {
      return memory.keys().stream().filter(k -> k.value().startsWith("data/")).count();
    }
  }

  @Test
  void keepsPartlyUsedPacksBelowNoThreshold() throws Exception {
    Scenario s = new Scenario("src");
    PruneReport report = s.prune(0);
    assertThat(report.packsUnused()).isZero();
    assertThat(report.packsRepacked()).isZero();
    assertThat(s.packs()).isEqualTo(2);
    assertThat(s.history.checkEverySnapshotRestores(s.repo)).isEqualTo(1);
  }

  @Test
  void repacksPartlyUsedPacksAndFreesTheRest() throws Exception {
    Scenario s = new Scenario("src");
    long before = s.memory.totalBytes();
    PruneReport report = s.prune(0.6);
    assertThat(report.packsRepacked()).isEqualTo(1);
    assertThat(report.packsWritten()).isEqualTo(1);
    assertThat(report.indexesWritten()).isEqualTo(1);
    assertThat(report.indexesDeleted()).isEqualTo(2);
    assertThat(s.memory.totalBytes()).isLessThan(before - 250_000);
    assertThat(s.packs()).isEqualTo(2);
    assertThat(SnapshotHistory.assertVerifies(s.repo).unreferencedPacks()).isZero();
    assertThat(s.history.checkEverySnapshotRestores(s.repo)).isEqualTo(1);
  }

  @Test
  void deletesPacksNoSnapshotUses() throws Exception {
    Scenario s = new Scenario("src");
    s.backend.delete(RepositoryLayout.snapshot(s.second));
    PruneReport report = s.prune(0.5);
    assertThat(report.packsUnused()).isEqualTo(2);
    assertThat(report.bytesAfter()).isZero();
    assertThat(s.keys()).noneMatch(k -> k.startsWith("data/") || k.startsWith("index/"));
    SnapshotHistory.assertVerifies(s.repo);
  }

  @Test
  void deletesPacksOfInterruptedBackups() throws Exception {
    Scenario s = new Scenario("src");
    Path src = Files.createDirectories(tmp.resolve("crashing"));
    BackupRestoreTest.writeRandom(src.resolve("new.sst"), 200_000, 9);
    s.backend.inject(When.every(StorageOperation.PUT).forKeys(k -> k.value().startsWith("index/")),
        new Fault.Fail(Failure.ACCESS_DENIED));
    assertThatThrownBy(() -> s.history.backup(s.repo, src)).isInstanceOf(StorageException.AccessDenied.class);
    s.backend.clearFaults();
    assertThat(s.packs()).isEqualTo(3);
    PruneReport report = s.prune(0);
    assertThat(report.packsUnindexed()).isEqualTo(1);
    assertThat(s.packs()).isEqualTo(2);
    assertThat(SnapshotHistory.assertVerifies(s.repo).unreferencedPacks()).isZero();
  }

  @Test
  void dryRunReportsTheSameButChangesNothing() throws Exception {
    Scenario s = new Scenario("src");
    Set<String> before = s.keys();
    PruneReport dry = s.service().run(new PruneService.PruneOptions(true, 0.6, false, ACTOR, "prune --dry-run"));
    assertThat(s.keys()).isEqualTo(before);
    assertThat(s.backend.count(StorageOperation.PUT)).isZero();
    assertThat(s.backend.count(StorageOperation.DELETE)).isZero();
    PruneReport real = s.prune(0.6);
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.packsRepacked()).isEqualTo(real.packsRepacked());
    assertThat(dry.bytesDeleted()).isEqualTo(real.bytesDeleted());
  }

  @Test
  void aCleanRepositoryIsLeftAlone() throws Exception {
    Scenario s = new Scenario("src");
    s.prune(0.6);
    Set<String> before = s.keys();
    s.backend.clearCalls();
    PruneReport again = s.prune(0.6);
    assertThat(again.packsUnused() + again.packsRepacked() + again.packsUnindexed() + again.indexesWritten())
        .isZero();
    assertThat(s.keys()).isEqualTo(before);
    assertThat(s.backend.calls(StorageOperation.PUT)).allMatch(c -> c.key().value().startsWith("locks/"));
  }

  @Test
  void listsEachPrefixOnce() throws Exception {
    Scenario s = new Scenario("src");
    s.prune(0.6);
    List<String> prefixes = s.backend.calls(StorageOperation.LIST).stream()
        .map(FaultInjectingStorageBackend.Call::prefix).toList();
    for (String prefix : List.of("snapshots/", "index/", "data/", "wal/")) {
      assertThat(prefixes.stream().filter(prefix::equals)).as(prefix).hasSize(1);
    }
    assertThat(prefixes).allMatch(p -> List.of("snapshots/", "index/", "data/", "wal/", "locks/", "audit/")
        .contains(p));
  }

  @Test
  void staleLocksAreRemovedReportedAndAudited() throws Exception {
    Scenario s = new Scenario("src");
    Instant now = s.repo.clock().instant();
    LockInfo dead = new LockInfo("0123456789abcdef0123456789abcdef", LockMode.EXCLUSIVE, "other-host", 77,
        "backup of /gone", now.minusSeconds(7200), now.minusSeconds(3600));
    s.storageClock.set(now.minusSeconds(3600)); // last written an hour ago, by the storage's clock too
    s.memory.put(RepositoryLayout.lock(dead.id()), BlobContent.of(s.repo.objects().seal(ObjectKind.LOCK, dead.id(),
        Json.write(dead))), PutMode.CREATE_IF_ABSENT);
    s.storageClock.set(Instant.now());
    PruneReport report = s.prune(0);
    assertThat(report.staleLocks()).singleElement().asString().contains("backup of /gone", "other-host",
        "not refreshed");
    assertThat(s.memory.stat(RepositoryLayout.lock(dead.id()))).isEmpty();
    assertThat(new AuditLog(s.repo).list().entries()).anySatisfy(e ->
        assertThat(e.record().objects()).containsExactly(RepositoryLayout.lock(dead.id()).value()));
  }

  @Test
  void refusesWhileABackupHoldsItsSharedLock() throws Exception {
    Scenario s = new Scenario("src");
    Set<String> before = s.keys();
    try (RepositoryLock backup = new LockService(s.repo, "other-host", 5).acquire(LockMode.SHARED, "backup")) {
      assertThatThrownBy(() -> s.prune(0.6)).isInstanceOf(RepositoryLockedException.class);
    }
    assertThat(s.keys()).isEqualTo(before);
  }

  @Test
  void anUnreadableSnapshotStopsPruneBeforeAnyDeletion() throws Exception {
    Scenario s = new Scenario("src");
    BlobKey key = RepositoryLayout.snapshot(s.second);
    byte[] bytes;
    try (InputStream in = s.memory.open(key)) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length / 2] ^= 1;
    s.memory.put(key, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    Set<String> before = s.keys();
    assertThatThrownBy(() -> s.prune(0.6)).isInstanceOf(IntegrityException.class)
        .hasMessageContaining(s.second.shortHex()).hasMessageContaining("nothing was deleted");
    assertThat(s.keys()).isEqualTo(before);
  }

  @Test
  void lostIndexStopsPruneUntilRepaired() throws Exception {
    Scenario s = new Scenario("src");
    s.memory.keys().stream().filter(k -> k.value().startsWith("index/")).forEach(s.memory::delete);
    Set<String> before = s.keys();
    assertThatThrownBy(() -> s.prune(0.6)).isInstanceOf(IntegrityException.class)
        .hasMessageContaining("repair index");
    assertThat(s.keys()).isEqualTo(before);

    IndexRebuilder.RebuildReport rebuilt = new IndexRebuilder(s.repo, new LockService(s.repo, "test-host", 1), 2)
        .rebuild(ACTOR, "repair index");
    assertThat(rebuilt.packsIndexed()).isEqualTo(2);
    assertThat(rebuilt.skipped()).isEmpty();
    s.prune(0.6);
    SnapshotHistory.assertVerifies(s.repo);
    assertThat(s.history.checkEverySnapshotRestores(s.repo)).isEqualTo(1);
  }

  @Test
  void auditRecordListsIndexesBeforePacks() throws Exception {
    Scenario s = new Scenario("src");
    s.prune(0.6);
    AuditRecord record = new AuditLog(s.repo).list().entries().stream().map(AuditLog.Entry::record)
        .filter(r -> r.phase() == AuditRecord.Phase.STARTED).findFirst().orElseThrow();
    assertThat(record.actor()).isEqualTo(ACTOR);
    List<String> objects = record.objects();
    int lastIndex = objects.stream().filter(k -> k.startsWith("index/")).mapToInt(objects::indexOf).max()
        .orElseThrow();
    int firstPack = objects.stream().filter(k -> k.startsWith("data/")).mapToInt(objects::indexOf).min()
        .orElseThrow();
    assertThat(lastIndex).isLessThan(firstPack);
    List<String> deletes = s.backend.calls(StorageOperation.DELETE).stream().map(c -> c.key().value())
        .filter(k -> !k.startsWith("locks/")).toList();
    assertThat(deletes).isEqualTo(objects);
  }

  @Test
  void snapshotsStayReadableWhateverCallPruneIsInterruptedAt() throws Exception {
    Scenario probe = new Scenario("probe");
    probe.prune(0.6);
    long mutating = probe.backend.calls().stream().filter(c -> c.operation() == StorageOperation.PUT
        || c.operation() == StorageOperation.DELETE).count();
    assertThat(mutating).isGreaterThan(5);
    for (long n = 1; n <= mutating; n++) {
      for (StorageOperation op : List.of(StorageOperation.PUT, StorageOperation.DELETE)) {
        Scenario s = new Scenario("crash-" + op + "-" + n);
        s.backend.inject(new When(op, k -> !k.value().startsWith("locks/"), n, n, 1),
            new Fault.Fail(Failure.ACCESS_DENIED));
        try {
          s.prune(0.6);
        } catch (StorageException.AccessDenied expected) {
          // interrupted here
        }
        s.backend.clearFaults();
        Repository reopened = TestRepositories.open(s.backend);
        SnapshotHistory.assertVerifies(reopened);
        assertThat(s.history.checkEverySnapshotRestores(reopened)).as(op + " #" + n).isEqualTo(1);
        s.prune(0.6);
        assertThat(SnapshotHistory.assertVerifies(reopened).unreferencedPacks()).isZero();
        assertThat(s.packs()).isEqualTo(2);
      }
    }
  }
}
