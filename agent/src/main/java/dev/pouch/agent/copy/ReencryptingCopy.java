package dev.pouch.agent.copy;

import dev.pouch.agent.backup.ChunkPipeline;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copy between repositories with different keys. Chunk ids differ between them (each has its own content-ID key),
 * so each snapshot is rewritten: its chunks are read from the source (one ranged read per pack), authenticated and
 * re-identified, then stored through the target's chunk pipeline (deduplicated against the target, compressed and
 * sealed with its keys); the target's index follows, then the snapshot with the same files, times and summary and
 * the new chunk ids. A snapshot counts as already copied when the target has one with the same time, host, source,
 * tags and file list.
 */
final class ReencryptingCopy {

  private final Repository source;
  private final Repository target;
  private final RepositoryLock targetLock;
  private final int threads;
  private final Map<ChunkId, ChunkId> translated = new HashMap<>();

  ReencryptingCopy(Repository source, Repository target, RepositoryLock targetLock, int threads) {
    this.source = source;
    this.target = target;
    this.targetLock = targetLock;
    this.threads = threads;
  }

  /** What makes two snapshots copies of each other across repositories. */
  private record Likeness(Instant time, String host, String source, List<String> tags, List<FileLikeness> files) {
    static Likeness of(Snapshot s) {
      return new Likeness(s.time(), s.host(), s.source(), s.tags(), s.files().stream().map(FileLikeness::of)
          .toList());
    }
  }

  private record FileLikeness(String path, String type, int mode, Instant mtime, long size, String linkTarget) {
    static FileLikeness of(FileEntry f) {
      return new FileLikeness(f.path(), f.type().name(), f.mode(), f.mtime(), f.size(), f.linkTarget());
    }
  }

  CopyResult copy(List<SnapshotStore.Stored> wanted, List<String> notes) throws IOException {
    SnapshotStore targetStore = new SnapshotStore(target);
    Map<Likeness, SnapshotId> existing = new HashMap<>();
    for (SnapshotStore.Stored s : targetStore.list().snapshots()) {
      existing.putIfAbsent(Likeness.of(s.snapshot()), s.id());
    }
    Map<String, SnapshotId> targetIdOf = new HashMap<>();
    List<SnapshotStore.Stored> toCopy = new ArrayList<>();
    for (SnapshotStore.Stored s : wanted) {
      SnapshotId there = existing.get(Likeness.of(s.snapshot()));
      if (there != null) {
        targetIdOf.put(s.id().hex(), there);
      } else {
        toCopy.add(s);
      }
    }
    if (toCopy.isEmpty()) {
      return new CopyResult(CopyMode.REENCRYPT, List.of(), wanted.size(), 0, 0, 0, 0, 0, notes);
    }

    ChunkIndex sourceIndex = loadIndex(source, "source");
    ChunkIndex targetIndex = loadIndex(target, "target");
    PackReader reader = new PackReader(source.keyring());
    List<CopyResult.Copied> copied = new ArrayList<>();
    int packs = 0;
    int indexes = 0;
    long bytes = 0;
    for (SnapshotStore.Stored s : toCopy) {
      ChunkPipeline.Result stored;
      try (ChunkPipeline pipeline = new ChunkPipeline(target, targetIndex, threads)) {
        transfer(s, sourceIndex, reader, pipeline);
        stored = pipeline.finish();
      }
      // A prune of the target that took our lock for stale may have deleted the packs just uploaded as unused.
      targetLock.checkStillHeld();
      if (!stored.packs().isEmpty()) {
        indexes += new IndexStore(target).write(stored.packs()).size();
      }
      packs += stored.packs().size();
      bytes += stored.bytesStored();
      Snapshot original = s.snapshot();
      List<FileEntry> files = new ArrayList<>();
      for (FileEntry f : original.files()) {
        List<String> chunks = f.chunks().stream().map(hex -> translated.get(ChunkId.parse(hex)).hex()).toList();
        files.add(new FileEntry(f.path(), f.type(), f.mode(), f.mtime(), f.size(), chunks, f.linkTarget(), f.inode(),
            f.device()));
      }
      SnapshotId parent = original.parent() == null ? null : targetIdOf.get(original.parent());
      targetLock.checkStillHeld();
      SnapshotId id = targetStore.write(new Snapshot(original.version(), original.time(), original.host(),
          original.source(), parent == null ? null : parent.hex(), original.tags(), files, original.summary(),
          original.wombat()));
      targetIdOf.put(s.id().hex(), id);
      copied.add(new CopyResult.Copied(s.id(), id, original.time(), original.host()));
    }
    return new CopyResult(CopyMode.REENCRYPT, copied, wanted.size() - toCopy.size(), packs, 0, 0, indexes, bytes,
        notes);
  }

  /** Feeds every chunk of {@code s} not yet translated through the pipeline, pack by pack. */
  private void transfer(SnapshotStore.Stored s, ChunkIndex sourceIndex, PackReader reader, ChunkPipeline pipeline)
      throws IOException {
    Map<PackId, Map<Long, ChunkLocation>> byPack = new TreeMap<>();
    Set<ChunkId> seen = new HashSet<>();
    for (FileEntry f : s.snapshot().files()) {
      for (String hex : f.chunks()) {
        ChunkId chunk = ChunkId.parse(hex);
        if (translated.containsKey(chunk) || !seen.add(chunk)) {
          continue;
        }
        ChunkLocation at = sourceIndex.find(chunk).orElseThrow(() -> new IntegrityException("snapshot "
            + s.id().shortHex() + " of the source needs chunk " + chunk + " that no source index lists; run "
            + "'pouch verify' on the source"));
        byPack.computeIfAbsent(at.pack(), k -> new TreeMap<>()).put(at.entry().offset(), at);
      }
    }
    for (Map.Entry<PackId, Map<Long, ChunkLocation>> pack : byPack.entrySet()) {
      List<ChunkLocation> entries = new ArrayList<>(pack.getValue().values());
      entries.sort(Comparator.comparingLong(l -> l.entry().offset()));
      long start = entries.get(0).entry().offset();
      PackEntry last = entries.get(entries.size() - 1).entry();
      long length = last.offset() + last.storedLength() - start;
      byte[] range;
      try (InputStream in = source.backend().open(RepositoryLayout.pack(pack.getKey()), ByteRange.of(start,
          length))) {
        range = in.readNBytes((int) Math.min(length, Integer.MAX_VALUE - 8));
      }
      if (range.length != length) {
        throw new IntegrityException("pack " + pack.getKey() + " of the source is truncated");
      }
      for (ChunkLocation at : entries) {
        byte[] raw = reader.chunk(at.entry(), at.epoch(), range, (int) (at.entry().offset() - start));
        translated.put(at.entry().chunk(), Objects.requireNonNull(pipeline.add(raw)));
      }
    }
  }

  private static ChunkIndex loadIndex(Repository repo, String which) throws IOException {
    IndexStore.Loaded loaded = new IndexStore(repo).loadAll();
    if (!loaded.unreadable().isEmpty()) {
      IndexStore.Unreadable u = loaded.unreadable().get(0);
      throw new IntegrityException("index " + u.name() + " of the " + which + " is unreadable (" + u.reason()
          + "); run 'pouch verify' there");
    }
    return loaded.index();
  }
}
