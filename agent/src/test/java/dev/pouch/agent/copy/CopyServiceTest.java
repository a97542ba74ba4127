package dev.pouch.agent.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.lock.LockInfo;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.maintenance.IndexRebuilder;
import dev.pouch.agent.maintenance.KeyRotation;
import dev.pouch.agent.maintenance.SnapshotHistory;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.SnapshotStore;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyServiceTest {

  @TempDir Path tmp;
  private final MemoryStorageBackend primaryBackend = MemoryStorageBackend.create();
  private final MemoryStorageBackend copyMemory = MemoryStorageBackend.create();
  private final FaultInjectingStorageBackend copyBackend = FaultInjectingStorageBackend.recording(copyMemory);
  private SnapshotHistory history;
  private Repository primary;
  private Path src;
  private SnapshotId first;
  private SnapshotId second;

  @BeforeEach
  void twoBackups() throws Exception {
    history = new SnapshotHistory(tmp);
    primary = TestRepositories.init(primaryBackend);
    src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("kept.sst"), 700_000, 1);
    BackupRestoreTest.writeRandom(src.resolve("changing.vlog"), 300_000, 2);
    first = history.backup(primary, src);
    BackupRestoreTest.writeRandom(src.resolve("changing.vlog"), 900_000, 3);
    second = history.backup(primary, src);
  }

  private static LockService locks(Repository repo) {
    return new LockService(repo, "test-host", ProcessHandle.current().pid());
  }

  private CopyResult copy(Repository from, Repository to, String... snapshots) throws Exception {
    return new CopyService(from, to, locks(from), locks(to), 2).copy(new CopyService.CopyRequest(List.of(snapshots)));
  }

  private Repository copyTarget() throws Exception {
    return Repository.initCopyOf(copyBackend, primary);
  }

  @Test
  void copiesRawAndTheCopyAloneRestoresEverything() throws Exception {
    CopyResult result = copy(primary, copyTarget());
    assertThat(result.mode()).isEqualTo(CopyMode.RAW);
    assertThat(result.copied()).extracting(CopyResult.Copied::source).containsExactly(first, second);
    assertThat(result.copied()).allMatch(c -> c.source().equals(c.target()));
    assertThat(result.packsCopied()).isPositive();
    assertThat(result.indexesCopied()).isEqualTo(2);
    assertThat(result.indexesWritten()).isZero();
    assertThat(result.notes()).isEmpty();

    Repository onlyTheCopy = TestRepositories.open(copyMemory);
    SnapshotHistory.assertVerifies(onlyTheCopy);
    assertThat(history.checkEverySnapshotRestores(onlyTheCopy)).isEqualTo(2);
    assertThat(copyMemory.keys()).noneMatch(k -> k.value().startsWith("locks/"));
  }

  @Test
  void packsIndexesAndSnapshotsAreCopiedByteForByte() throws Exception {
    copy(primary, copyTarget());
    for (BlobKey key : primaryBackend.keys()) {
      if (key.value().startsWith("data/") || key.value().startsWith("index/") || key.value().startsWith("snapshots/")) {
        assertThat(read(copyMemory, key)).as(key.value()).isEqualTo(read(primaryBackend, key));
      }
    }
  }

  @Test
  void aSecondCopyTransfersNothingAndANewBackupOnlyItsOwnData() throws Exception {
    Repository target = copyTarget();
    copy(primary, target);
    copyBackend.clearCalls();
    CopyResult again = copy(primary, target);
    assertThat(again.copied()).isEmpty();
    assertThat(again.alreadyPresent()).isEqualTo(2);
    assertThat(copyBackend.calls(StorageOperation.PUT)).allMatch(c -> c.key().value().startsWith("locks/"));

    BackupRestoreTest.writeRandom(src.resolve("new.sst"), 200_000, 4);
    SnapshotId third = history.backup(primary, src);
    copyBackend.clearCalls();
    CopyResult incremental = copy(primary, target);
    assertThat(incremental.copied()).extracting(CopyResult.Copied::source).containsExactly(third);
    assertThat(incremental.packsCopied()).isEqualTo(1);
    assertThat(copyBackend.calls(StorageOperation.PUT).stream().map(c -> c.key().value())
        .filter(k -> !k.startsWith("locks/")).map(k -> k.substring(0, k.indexOf('/'))).toList())
        .containsExactly("data", "index", "snapshots");
    assertThat(history.checkEverySnapshotRestores(TestRepositories.open(copyMemory))).isEqualTo(3);
  }

  @Test
  void anInterruptedCopyNeverLeavesASnapshotWithoutDataAndResumes() throws Exception {
    copy(primary, copyTarget());
    long writes = copyBackend.calls(StorageOperation.PUT).stream()
        .filter(c -> !c.key().value().startsWith("locks/") && !c.key().value().startsWith("keys/")
            && !c.key().value().equals("config")).count();
    assertThat(writes).isGreaterThanOrEqualTo(5);
    boolean reusedAPack = false;
    for (long n = 1; n <= writes; n++) {
      MemoryStorageBackend memory = MemoryStorageBackend.create();
      FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.recording(memory);
      Repository target = Repository.initCopyOf(faulty, primary);
      faulty.inject(new When(StorageOperation.PUT, k -> !k.value().startsWith("locks/"), n, n, 1),
          new Fault.Fail(Failure.TRANSIENT));
      assertThatThrownBy(() -> copy(primary, target)).isInstanceOf(StorageException.Transient.class);
      faulty.clearFaults();
      Repository reopened = TestRepositories.open(memory);
      SnapshotHistory.assertVerifies(reopened);
      history.checkEverySnapshotRestores(reopened);
      CopyResult resumed = copy(primary, reopened);
      reusedAPack |= resumed.packsReused() > 0;
      assertThat(history.checkEverySnapshotRestores(reopened)).as("after failing write #" + n).isEqualTo(2);
    }
    assertThat(reusedAPack).as("some resumed copy reused a pack the interrupted one had written").isTrue();
  }

  @Test
  void aTamperedSourcePackIsNotCopied() throws Exception {
    BlobKey pack = primaryBackend.keys().stream().filter(k -> k.value().startsWith("data/")).findFirst()
        .orElseThrow();
    byte[] bytes = read(primaryBackend, pack);
    bytes[3] ^= 1;
    primaryBackend.put(pack, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    Repository target = copyTarget();
    assertThatThrownBy(() -> copy(primary, target)).isInstanceOf(IntegrityException.class);
    assertThat(copyMemory.stat(pack)).isEmpty();
    assertThat(copyMemory.keys()).noneMatch(k -> k.value().startsWith("snapshots/"));
  }

  @Test
  void copyingOneSnapshotIndexesOnlyWhatIsCopied() throws Exception {
    new IndexRebuilder(primary, locks(primary), 2).rebuild(new Actor("t", "h", 1), "repair index");
    Repository target = copyTarget();
    CopyResult result = copy(primary, target, first.hex().substring(0, 10));
    assertThat(result.copied()).extracting(CopyResult.Copied::source).containsExactly(first);
    assertThat(result.indexesCopied()).isZero();
    assertThat(result.indexesWritten()).isEqualTo(1);
    Repository reopened = TestRepositories.open(copyMemory);
    assertThat(SnapshotHistory.assertVerifies(reopened).snapshots()).isEqualTo(1);
    assertThat(history.checkEverySnapshotRestores(reopened)).isEqualTo(1);
  }

  @Test
  void aTargetTakesOverEpochsThePrimaryAddedByRotation() throws Exception {
    Repository target = copyTarget();
    copy(primary, target);
    Repository rotated = new KeyRotation(primary, locks(primary)).rotate();
    BackupRestoreTest.writeRandom(src.resolve("after-rotation.sst"), 200_000, 5);
    history.backup(rotated, src);
    CopyResult result = copy(rotated, TestRepositories.open(copyMemory));
    assertThat(result.mode()).isEqualTo(CopyMode.RAW);
    assertThat(result.notes()).singleElement().asString().contains("epoch(s) [2]");
    Repository reopened = TestRepositories.open(copyMemory);
    assertThat(reopened.keyring().epochs()).containsExactly(1, 2);
    SnapshotHistory.assertVerifies(reopened);
    assertThat(history.checkEverySnapshotRestores(reopened)).isEqualTo(3);
  }

  @Test
  void unrelatedRepositoriesAreCopiedByReencryption() throws Exception {
    Repository other = TestRepositories.init(copyBackend);
    CopyResult result = copy(primary, other);
    assertThat(result.mode()).isEqualTo(CopyMode.REENCRYPT);
    assertThat(result.notes()).singleElement().asString().contains("re-encrypted");
    assertThat(result.copied()).hasSize(2).allMatch(c -> !c.source().equals(c.target()));
    for (CopyResult.Copied c : result.copied()) {
      history.same(c.source(), c.target());
    }
    Repository reopened = TestRepositories.open(copyMemory);
    SnapshotHistory.assertVerifies(reopened);
    assertThat(history.checkEverySnapshotRestores(reopened)).isEqualTo(2);
    SnapshotStore.Stored copiedSecond = new SnapshotStore(reopened).resolve(result.copied().get(1).target().hex());
    assertThat(copiedSecond.snapshot().parent()).isEqualTo(result.copied().get(0).target().hex());

    copyBackend.clearCalls();
    CopyResult again = copy(primary, reopened);
    assertThat(again.copied()).isEmpty();
    assertThat(again.alreadyPresent()).isEqualTo(2);
    assertThat(copyBackend.calls(StorageOperation.PUT)).allMatch(c -> c.key().value().startsWith("locks/"));
  }

  @Test
  void anExclusiveLockOnTheTargetStopsTheCopy() throws Exception {
    Repository target = copyTarget();
    try (RepositoryLock prune = new LockService(target, "other-host", 3).acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThatThrownBy(() -> copy(primary, target)).isInstanceOf(RepositoryLockedException.class);
    }
    assertThat(copyMemory.keys()).noneMatch(k -> k.value().startsWith("data/") || k.value().startsWith("locks/"));
  }

  /** A prune of the target took the copy's lock for stale: the packs may be gone, so no index or snapshot follows. */
  @Test
  void aLostTargetLockStopsEitherCopyBeforeItsIndexAndSnapshots() throws Exception {
    RepositoryLock lost = new RepositoryLock() {
      @Override
      public LockInfo info() {
        return null;
      }

      @Override
      public void checkStillHeld() throws RepositoryLockedException {
        throw new RepositoryLockedException("lost the shared lock");
      }

      @Override
      public void close() {}
    };
    List<SnapshotStore.Stored> wanted = new SnapshotStore(primary).list().snapshots();
    assertThatThrownBy(() -> new RawCopy(primary, copyTarget(), lost, 2).copy(wanted, new ArrayList<>()))
        .isInstanceOf(RepositoryLockedException.class);
    MemoryStorageBackend foreignMemory = MemoryStorageBackend.create();
    Repository foreign = TestRepositories.init(foreignMemory);
    assertThatThrownBy(() -> new ReencryptingCopy(primary, foreign, lost, 2).copy(wanted, new ArrayList<>()))
        .isInstanceOf(RepositoryLockedException.class);
    for (MemoryStorageBackend target : List.of(copyMemory, foreignMemory)) {
      assertThat(target.keys()).noneMatch(k -> k.value().startsWith(RepositoryLayout.INDEX)
          || k.value().startsWith(RepositoryLayout.SNAPSHOTS));
    }
  }

  private static byte[] read(MemoryStorageBackend backend, BlobKey key) throws Exception {
    try (InputStream in = backend.open(key)) {
      return in.readAllBytes();
    }
  }
}
