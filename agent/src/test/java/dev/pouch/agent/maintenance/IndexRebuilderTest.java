package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.pack.PackFormat;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair index} against short reads, damaged pack headers and damaged index objects. */
class IndexRebuilderTest {

  private static final Actor ACTOR = new Actor("ops", "test-host", 1);

  @TempDir Path tmp;
  private final MemoryStorageBackend memory = MemoryStorageBackend.create();
  private final FaultInjectingStorageBackend backend = FaultInjectingStorageBackend.recording(memory);
  private SnapshotHistory history;
  private Repository repo;
  /** The pack of the first snapshot; the second snapshot's data is in another pack. */
  private BlobKey firstPack;

  @BeforeEach
  void twoSnapshotsInTwoPacks() throws Exception {
    history = new SnapshotHistory(tmp);
    repo = TestRepositories.init(backend);
    Path src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("a.sst"), 300_000, 1);
    history.backup(repo, src);
    firstPack = keys("data/").get(0);
    BackupRestoreTest.writeRandom(src.resolve("b.sst"), 300_000, 2);
    history.backup(repo, src);
    assertThat(keys("data/")).hasSize(2);
  }

  private IndexRebuilder.RebuildReport rebuild() throws Exception {
    return new IndexRebuilder(repo, new LockService(repo, "test-host", ProcessHandle.current().pid()), 2)
        .rebuild(ACTOR, "repair index");
  }

  private List<BlobKey> keys(String prefix) {
    return memory.keys().stream().filter(k -> k.value().startsWith(prefix)).sorted().toList();
  }

  private Set<String> stored() {
    return memory.keys().stream().map(BlobKey::value).filter(k -> !k.startsWith("locks/"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Flips a bit of a stored object, {@code fromEnd} bytes before its end. */
  private void damage(BlobKey key, int fromEnd) throws Exception {
    byte[] bytes;
    try (InputStream in = memory.open(key)) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length - fromEnd] ^= 1;
    memory.put(key, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
  }

  /** The last byte of the header's tag: the header no longer authenticates, every chunk still does. */
  private void damageHeader(BlobKey pack) throws Exception {
    damage(pack, PackFormat.TRAILER_BYTES + 1);
  }

  @Test
  void aShortReadOfAPackStopsTheRebuildBeforeAnythingChanges() throws Exception {
    Set<String> before = stored();
    backend.inject(When.first(StorageOperation.OPEN, 1).forKey(firstPack), new Fault.TruncateRead(100));

    assertThatThrownBy(this::rebuild).isInstanceOf(StorageException.Transient.class)
        .isNotInstanceOf(IntegrityException.class).hasMessageContaining(firstPack.value())
        .hasMessageContaining("short read");
    assertThat(stored()).isEqualTo(before);

    backend.clearFaults();
    IndexRebuilder.RebuildReport again = rebuild();
    assertThat(again.skipped()).isEmpty();
    assertThat(again.packsIndexed()).isEqualTo(2);
    assertThat(history.checkEverySnapshotRestores(repo)).isEqualTo(2);
  }

  @Test
  void aPackWithADamagedHeaderKeepsWhatTheOldIndexSaidAboutIt() throws Exception {
    damageHeader(firstPack);

    IndexRebuilder.RebuildReport report = rebuild();

    assertThat(report.packsIndexed()).isEqualTo(1);
    assertThat(report.skipped()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo(firstPack.value());
      assertThat(p.keptFromOldIndex()).isTrue();
    });
    assertThat(report.kept()).hasSize(1);
    assertThat(report.unindexed()).isEmpty();
    assertThat(history.checkEverySnapshotRestores(repo)).isEqualTo(2);
    // The rebuilt index is now the pack's only description; a second rebuild must carry it on again.
    IndexRebuilder.RebuildReport again = rebuild();
    assertThat(again.kept()).hasSize(1);
    assertThat(history.checkEverySnapshotRestores(repo)).isEqualTo(2);
  }

  @Test
  void aPackWithADamagedHeaderInNoReadableIndexObjectIsReportedUnindexed() throws Exception {
    damageHeader(firstPack);
    List<BlobKey> oldIndexes = keys("index/");
    for (BlobKey index : oldIndexes) {
      damage(index, 1);
    }

    IndexRebuilder.RebuildReport report = rebuild();

    assertThat(report.packsIndexed()).isEqualTo(1);
    assertThat(report.kept()).isEmpty();
    assertThat(report.unindexed()).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo(firstPack.value()));
    assertThat(memory.keys()).contains(firstPack);
    // Every damaged index object is gone or replaced, also the one whose rebuilt entries are the same (same name).
    IndexStore.Loaded loaded = new IndexStore(repo).loadAll();
    assertThat(loaded.unreadable()).isEmpty();
    assertThat(loaded.index().packs()).extracting(id -> RepositoryLayout.pack(id))
        .containsExactlyElementsOf(keys("data/").stream().filter(k -> !k.equals(firstPack)).toList());
  }

  @Test
  void aShortReadOfAnOldIndexObjectStopsTheRebuildBeforeAnythingChanges() throws Exception {
    damageHeader(firstPack);
    Set<String> before = stored();
    backend.inject(When.every(StorageOperation.OPEN).forKeys(k -> k.value().startsWith("index/")),
        new Fault.TruncateRead(10));

    assertThatThrownBy(this::rebuild).isInstanceOf(StorageException.Transient.class)
        .hasMessageContaining("index/").hasMessageContaining("short read");
    assertThat(stored()).isEqualTo(before);

    backend.clearFaults();
    assertThat(rebuild().kept()).hasSize(1);
    assertThat(history.checkEverySnapshotRestores(repo)).isEqualTo(2);
  }
}
