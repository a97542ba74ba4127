package dev.pouch.agent.copy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.pack.PackFormat;
import dev.pouch.agent.pack.PackReader;
import dev.pouch.agent.pack.PackSpool;
import dev.pouch.agent.pack.SpooledPack;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Copy between repositories sharing keys: only what the target lacks is copied, byte for byte, each object
 * authenticated first. Packs are checked against their name (SHA-256), their header authenticated and compared with
 * the source index, and every chunk's tag authenticated; index objects and snapshots are opened with the keyring.
 * Index objects are copied as they are when every pack they name is in the target; packs no copied index covers
 * (a partial copy) get a new index object. Packs found in the target without an index (an interrupted earlier
 * copy) are not transferred again.
 */
final class RawCopy {

  static final long MAX_PACK_BYTES = 1L << 30;
  static final long MAX_INDEX_BYTES = 256L << 20;
  static final long MAX_SNAPSHOT_BYTES = 1L << 30;

  private final Repository source;
  private final Repository target;
  private final RepositoryLock targetLock;
  private final int threads;

  RawCopy(Repository source, Repository target, RepositoryLock targetLock, int threads) {
    this.source = source;
    this.target = target;
    this.targetLock = targetLock;
    this.threads = threads;
  }

  CopyResult copy(List<SnapshotStore.Stored> wanted, List<String> notes) throws IOException {
    Set<String> present = names(target, RepositoryLayout.SNAPSHOTS);
    List<SnapshotStore.Stored> toCopy = wanted.stream().filter(s -> !present.contains(s.id().hex())).toList();
    int alreadyPresent = wanted.size() - toCopy.size();
    if (toCopy.isEmpty()) {
      return new CopyResult(CopyMode.RAW, List.of(), alreadyPresent, 0, 0, 0, 0, 0, notes);
    }

    List<String> sourceIndexNames = new ArrayList<>(names(source, RepositoryLayout.INDEX));
    IndexStore sourceIndexes = new IndexStore(source);
    List<List<PackContents>> sourceIndexContents = ParallelReads.map(sourceIndexNames, threads,
        sourceIndexes::read);
    Map<PackId, PackContents> sourcePacks = new HashMap<>();
    ChunkIndex sourceIndex = new ChunkIndex();
    sourceIndexContents.forEach(packs -> packs.forEach(p -> {
      sourcePacks.putIfAbsent(p.id(), p);
      sourceIndex.add(p);
    }));

    IndexStore.Loaded targetLoaded = new IndexStore(target).loadAll();
    ChunkIndex targetIndex = targetLoaded.index();
    Set<PackId> targetPacks = names(target, RepositoryLayout.DATA).stream().map(PackId::new)
        .collect(Collectors.toSet());

    Set<PackId> needed = new TreeSet<>();
    for (SnapshotStore.Stored s : toCopy) {
      for (FileEntry f : s.snapshot().files()) {
        for (String hex : f.chunks()) {
          ChunkId chunk = ChunkId.parse(hex);
          if (targetIndex.contains(chunk)) {
            continue;
          }
          ChunkLocation at = sourceIndex.find(chunk).orElseThrow(() -> new IntegrityException("snapshot "
              + s.id().shortHex() + " of the source needs chunk " + chunk + " that no source index lists; run "
              + "'pouch verify' on the source"));
          needed.add(at.pack());
        }
      }
    }

    List<PackId> upload = needed.stream().filter(p -> !targetPacks.contains(p)).toList();
    AtomicLong bytes = new AtomicLong();
    PackReader reader = new PackReader(source.keyring());
    ParallelReads.map(upload, threads, pack -> {
      bytes.addAndGet(copyPack(reader, sourcePacks.get(pack)));
      return pack;
    });

    Set<PackId> inTarget = new HashSet<>(targetPacks);
    inTarget.addAll(upload);
    Set<PackId> uncovered = new TreeSet<>(needed);
    uncovered.removeAll(targetIndex.packs());
    Set<String> targetIndexNames = new HashSet<>(targetLoaded.names());
    // A prune of the target that took our lock for stale may have deleted the packs just uploaded as unused.
    targetLock.checkStillHeld();
    int indexesCopied = 0;
    for (int i = 0; i < sourceIndexNames.size() && !uncovered.isEmpty(); i++) {
      String name = sourceIndexNames.get(i);
      List<PackId> packs = sourceIndexContents.get(i).stream().map(PackContents::id).toList();
      boolean helps = packs.stream().anyMatch(uncovered::contains);
      if (helps && !targetIndexNames.contains(name) && inTarget.containsAll(packs)) {
        bytes.addAndGet(copySealed(ObjectKind.INDEX, name, RepositoryLayout.index(name), MAX_INDEX_BYTES));
        packs.forEach(uncovered::remove);
        indexesCopied++;
      }
    }
    int indexesWritten = 0;
    if (!uncovered.isEmpty()) {
      indexesWritten = new IndexStore(target).write(uncovered.stream().map(sourcePacks::get).toList()).size();
    }

    targetLock.checkStillHeld();
    List<CopyResult.Copied> copied = new ArrayList<>();
    for (SnapshotStore.Stored s : toCopy) {
      bytes.addAndGet(copySealed(ObjectKind.SNAPSHOT, s.id().hex(), RepositoryLayout.snapshot(s.id()),
          MAX_SNAPSHOT_BYTES));
      copied.add(new CopyResult.Copied(s.id(), s.id(), s.snapshot().time(), s.snapshot().host()));
    }
    return new CopyResult(CopyMode.RAW, copied, alreadyPresent, upload.size(), needed.size() - upload.size(),
        indexesCopied, indexesWritten, bytes.get(), notes);
  }

  /**
   * Reads a pack into a spool file, checks it completely (name, header against the index, every chunk's tag), writes
   * it unless present; returns the bytes written. Holds one chunk in memory, not the pack.
   */
  private long copyPack(PackReader reader, PackContents indexed) throws IOException {
    BlobKey key = RepositoryLayout.pack(indexed.id());
    try (InputStream in = source.backend().open(key);
        SpooledPack pack = SpooledPack.copy(in, indexed.id(), MAX_PACK_BYTES, PackSpool.temporary())) {
      PackContents header = pack.header(indexed.id(), reader);
      if (!header.equals(indexed)) {
        throw new IntegrityException("pack " + indexed.id() + " of the source does not match what its index says; "
            + "run 'pouch verify --read-data' on the source");
      }
      for (PackEntry e : header.entries()) {
        source.keyring().aead(header.epoch()).open(pack.read(e.offset(), e.storedLength()),
            PackFormat.chunkContext(e.chunk(), header.epoch()));
      }
      return put(key, pack.content());
    }
  }

  /** Copies a sealed object after authenticating it with the source's keys. */
  private long copySealed(ObjectKind kind, String id, BlobKey key, long limit) throws IOException {
    byte[] stored = Repository.readBounded(source.backend(), key, limit);
    source.objects().open(kind, id, stored);
    return put(key, BlobContent.of(stored));
  }

  private long put(BlobKey key, BlobContent content) throws IOException {
    try {
      target.backend().put(key, content, PutMode.CREATE_IF_ABSENT);
      return content.length();
    } catch (StorageException.AlreadyExists e) {
      return 0; // content-addressed: the same object is already there
    }
  }

  private static Set<String> names(Repository repo, String prefix) throws IOException {
    try (Stream<BlobInfo> list = repo.backend().list(prefix)) {
      Set<String> names = new TreeSet<>();
      list.forEach(info -> {
        if (!prefix.equals(RepositoryLayout.DATA) || isPack(info.key())) {
          names.add(info.key().name());
        }
      });
      return names;
    }
  }

  private static boolean isPack(BlobKey key) {
    try {
      return RepositoryLayout.pack(new PackId(key.name())).equals(key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
