package dev.pouch.bench.prune;

import dev.pouch.agent.backup.ChunkPipeline;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Writes a {@link RepositoryShape} as a pouch repository on the local filesystem through the agent's own write path,
 * the way {@code BackupService} stores a backup: new chunks go through a {@link ChunkPipeline} (hash, dedup against
 * the index, compress, seal, pack, upload), the packs of one backup go into one new index object
 * ({@link IndexStore#write}), then the snapshot ({@link SnapshotStore#write}). What it skips is the source scan and
 * the re-reading of every index object at the start of each backup (the in-memory index is carried from one
 * snapshot to the next instead), which would make building 10,000 snapshots quadratic.
 *
 * <p>The repository is initialised with the default Argon2id parameters (as {@code pouch init} does), so a CLI run
 * pays the real unlock cost, and with the smallest pack target (1 MiB): a backup's new chunks are cut into packs of
 * {@code chunksPerPack} chunks by finishing the pipeline after each group. Writes skip fsync (throwaway data).
 */
public final class PouchRepositoryBuilder {

  /** The first snapshot's time; each later one is a day later (daily backups). */
  static final Instant FIRST_BACKUP = Instant.parse("2000-01-01T03:00:00Z");

  private final RepositoryShape shape;
  private final long seed;

  public PouchRepositoryBuilder(RepositoryShape shape, long seed) {
    this.shape = shape;
    this.seed = seed;
  }

  /** What was built. */
  public record Built(Path root, int snapshots, int chunks, int packs, int indexObjects, Duration took) {}

  /**
   * Creates the repository in the empty or missing directory {@code root}.
   *
   * @param progress told the number of snapshots written so far, now and then
   */
  public Built build(Path root, char[] password, IntConsumer progress) throws IOException {
    Files.createDirectories(root);
    long start = System.nanoTime();
    SecureRandom random = new SecureRandom();
    Repository.InitOptions init = new Repository.InitOptions(Argon2idParams.defaults(), "zstd", 3, 1 << 20,
        "prune-bench");
    int packs = 0;
    int indexObjects = 0;
    try (LocalStorageBackend backend = LocalStorageBackend.of(new LocalBackendConfig(root, false))) {
      Repository repository = Repository.init(backend, password, init, Clock.systemUTC(), random);
      ChunkIndex index = new ChunkIndex();
      IndexStore indexes = new IndexStore(repository);
      SnapshotStore snapshots = new SnapshotStore(repository);
      SnapshotSequence sequence = new SnapshotSequence(shape, seed);
      String[] ids = new String[(int) shape.uniqueChunks()];
      SnapshotId parent = null;
      for (int s = 0; s < shape.snapshots(); s++) {
        int[] changed = sequence.advance();
        int[] slots = sequence.slots();
        List<PackContents> written = new ArrayList<>();
        long bytesStored = 0;
        for (int from = 0; from < changed.length; from += shape.chunksPerPack()) {
          int to = Math.min(changed.length, from + shape.chunksPerPack());
          try (ChunkPipeline pipeline = new ChunkPipeline(repository, index, 1)) {
            for (int i = from; i < to; i++) {
              int chunk = slots[changed[i]];
              ChunkId id = pipeline.add(SnapshotSequence.payload(seed, chunk, shape.payloadBytes()));
              ids[chunk] = id.hex();
            }
            ChunkPipeline.Result result = pipeline.finish();
            written.addAll(result.packs());
            bytesStored += result.bytesStored();
          }
        }
        indexObjects += indexes.write(written).size();
        packs += written.size();
        Instant time = FIRST_BACKUP.plus(Duration.ofDays(s));
        List<FileEntry> files = new ArrayList<>();
        for (int f = 0; f < shape.files(); f++) {
          List<String> chunks = new ArrayList<>(shape.slotsOf(f));
          for (int slot = shape.firstSlotOf(f); slot < shape.firstSlotOf(f + 1); slot++) {
            chunks.add(ids[slots[slot]]);
          }
          files.add(new FileEntry("table-" + f + ".sst", EntryType.FILE, 0644, time,
              (long) chunks.size() * shape.payloadBytes(), chunks, null, null, null));
        }
        long bytesTotal = (long) shape.chunksPerSnapshot() * shape.payloadBytes();
        long bytesAdded = (long) changed.length * shape.payloadBytes();
        BackupSummary summary = new BackupSummary(shape.files(), s == 0 ? shape.files() : 0,
            s == 0 ? 0 : shape.files(), 0, bytesTotal, bytesTotal, bytesAdded, bytesStored, changed.length,
            written.size(), Duration.ofSeconds(1));
        parent = snapshots.write(new Snapshot(Snapshot.VERSION, time, "bench", "/var/lib/wombat",
            parent == null ? null : parent.hex(), List.of(), files, summary, null));
        if ((s + 1) % 500 == 0) {
          progress.accept(s + 1);
        }
      }
      return new Built(root, shape.snapshots(), sequence.chunks(), packs, indexObjects,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
