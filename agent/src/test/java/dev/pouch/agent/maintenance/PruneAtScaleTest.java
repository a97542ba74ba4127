package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.pack.PackFormat;
import dev.pouch.agent.pack.PackSpool;
import dev.pouch.agent.pack.PackWriter;
import dev.pouch.agent.pack.SealedChunk;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prune's requests on a generated repository shaped like a long-lived one: 2,000 backups, each of which wrote one
 * small pack, one index object and one snapshot; half the snapshots are then forgotten. Prune must list each prefix
 * once and otherwise read each snapshot and index object once, whatever the repository's size.
 */
class PruneAtScaleTest {

  static final int SNAPSHOTS = 2_000;

  private static ChunkId chunk(Repository repo, byte[] raw) {
    return ChunkId.of(repo.contentIdKey().id(raw));
  }

  private static void generate(Repository repo) throws Exception {
    int epoch = repo.keyring().currentEpoch();
    byte[] shared = "shared table".getBytes();
    SnapshotStore snapshots = new SnapshotStore(repo);
    IndexStore indexes = new IndexStore(repo);
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < SNAPSHOTS; i++) {
      byte[] own = ByteBuffer.allocate(64).putInt(i).array();
      PackWriter pack = new PackWriter(repo.keyring().currentAead(), epoch, PackSpool.temporary(), null);
      List<byte[]> chunks = i == 0 ? List.of(shared, own) : List.of(own);
      for (byte[] raw : chunks) {
        ChunkId id = chunk(repo, raw);
        pack.add(new SealedChunk(id, repo.keyring().currentAead().seal(raw, PackFormat.chunkContext(id, epoch)),
            raw.length, false));
      }
      try (PackWriter.FinishedPack finished = pack.finish()) {
        repo.backend().put(RepositoryLayout.pack(finished.contents().id()), finished.content(),
            PutMode.CREATE_IF_ABSENT);
        indexes.write(List.of(finished.contents()));
      }
      List<FileEntry> files = List.of(
          new FileEntry("000001.sst", EntryType.FILE, 0644, start, shared.length, List.of(chunk(repo, shared).hex()),
              null, 1L, 1L),
          new FileEntry("wal.log", EntryType.FILE, 0644, start, own.length, List.of(chunk(repo, own).hex()), null,
              2L, 1L));
      snapshots.write(new Snapshot(Snapshot.VERSION, start.plusSeconds(3600L * i), "db-0", "/data", null, List.of(),
          files, null, null));
    }
  }

  @Test
  void requestsGrowWithObjectsNotWithListings() throws Exception {
    MemoryStorageBackend memory = MemoryStorageBackend.create();
    StorageMeter meter = new StorageMeter();
    Repository repo = TestRepositories.init(MeteredStorageBackend.of(memory, meter, System::nanoTime));
    generate(repo);
    List<SnapshotId> all = new ArrayList<>(new SnapshotStore(repo).list().snapshots().stream()
        .map(SnapshotStore.Stored::id).toList());
    for (int i = 0; i < all.size(); i += 2) {
      memory.delete(RepositoryLayout.snapshot(all.get(i)));
    }

    StorageMeter.Snapshot before = meter.snapshot();
    long started = System.nanoTime();
    PruneReport report = new PruneService(repo, new LockService(repo, "test-host", 1), 8)
        .run(new PruneService.PruneOptions(false, 0.5, false, PruneServiceTest.ACTOR, "prune"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    StorageMeter.Snapshot after = meter.snapshot();

    long lists = delta(before, after, StorageOperation.LIST);
    long reads = delta(before, after, StorageOperation.OPEN);
    long writes = delta(before, after, StorageOperation.PUT);
    long deletes = delta(before, after, StorageOperation.DELETE);
    System.out.printf("prune of %d snapshots (%d forgotten), %d packs: %d ms; requests: list %d, read %d, "
        + "write %d, delete %d, stat %d%n", SNAPSHOTS, SNAPSHOTS / 2, report.packsBefore(), millis, lists, reads,
        writes, deletes, delta(before, after, StorageOperation.STAT));

    int half = SNAPSHOTS / 2;
    // the first pack also holds the chunk every snapshot shares: it is repacked, the other forgotten ones deleted
    assertThat(report.packsUnused()).isEqualTo(half - 1);
    assertThat(report.packsRepacked()).isEqualTo(1);
    assertThat(report.indexesDeleted()).isEqualTo(SNAPSHOTS);
    assertThat(report.indexesWritten()).isEqualTo(1);
    // locks/ twice (stale-lock sweep, conflict check), then snapshots/, wal/ (pieces' chunks), index/, data/ once each
    assertThat(lists).isEqualTo(6);
    // every remaining snapshot and every index object once, one ranged read to repack, the lock read back
    assertThat(reads).isBetween((long) half + SNAPSHOTS, (long) half + SNAPSHOTS + 4);
    // lock, the repacked pack, the new index, the audit record
    assertThat(writes).isEqualTo(4);
    // old index objects, unused packs, own lock
    assertThat(deletes).isEqualTo(SNAPSHOTS + half + 1);
    assertThat(new VerifyService(repo).verify(true, 2, Progress.NONE).problems()).isEmpty();
  }

  private static long delta(StorageMeter.Snapshot before, StorageMeter.Snapshot after, StorageOperation op) {
    return after.operation(op).requests() - before.operation(op).requests();
  }
}
