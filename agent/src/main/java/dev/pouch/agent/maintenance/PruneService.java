package dev.pouch.agent.maintenance;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.audit.AuditRecord;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pitr.PitrRetention;
import dev.pouch.agent.repository.PackId;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.RetainedObjects;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Removes data no snapshot uses. Under an exclusive lock (a running backup holds a shared one, so none can be
 * adding references): remove stale locks; read every snapshot and index object (one listing of each prefix, reads
 * in parallel); list {@code data/} once; plan (see {@link PrunePlanner}); then change the repository in an order
 * that is safe to interrupt anywhere:
 * <ol>
 *   <li>repacked chunks are written to new packs,</li>
 *   <li>one new index covering every kept and new pack is written,</li>
 *   <li>an audit record lists what is about to go,</li>
 *   <li>the old index objects are deleted, then the packs.</li>
 * </ol>
 * Interrupted before 4, the old and new index both describe stored packs; during 4, the new index alone does, and
 * the packs not yet deleted are merely unindexed (the next prune removes them). A snapshot or index object that
 * cannot be read stops prune before anything is deleted, because what it references is unknown.
 *
 * <p>Objects the storage keeps under a retention (object lock, {@link RetainedObjects}) are left in place and
 * reported: deleting one would only hide it behind a delete marker or a previous version. A retained index object
 * also keeps every pack it names, so that no index ever points at a deleted pack. What stays is unindexed or
 * unused, and a later prune deletes it once the retention has ended. A dry run does not ask about retention.
 */
public final class PruneService {

  private final Repository repository;
  private final LockService locks;
  private final int threads;

  public PruneService(Repository repository, LockService locks, int threads) {
    this.repository = repository;
    this.locks = locks;
    this.threads = Math.max(1, threads);
  }

  /**
   * How to prune.
   *
   * @param repackThreshold packs with less than this fraction of their chunk bytes in use are repacked; 0 never
   * @param rewriteOldEpochs also repack every pack sealed under an older key epoch than the current one
   * @param command the command line for the audit record (no secrets)
   */
  public record PruneOptions(boolean dryRun, double repackThreshold, boolean rewriteOldEpochs, Actor actor,
      String command) {
    public PruneOptions {
      if (!(repackThreshold >= 0 && repackThreshold <= 1)) {
        throw new IllegalArgumentException("repack threshold must be within 0..1, got " + repackThreshold);
      }
    }
  }

  public PruneReport run(PruneOptions options) throws IOException {
    if (options.dryRun()) {
      List<String> stale = locks.list().stream().filter(LockService.Listed::stale).map(PruneService::describe)
          .toList();
      return prune(options, stale, null); // a dry run returns before anything that needs the lock
    }
    List<LockService.Listed> removed = locks.removeStale();
    List<String> stale = removed.stream().map(PruneService::describe).toList();
    if (!removed.isEmpty()) {
      new AuditLog(repository).write(new AuditRecord(AuditRecord.VERSION, repository.clock().instant(),
          options.actor(), options.command(), AuditRecord.Phase.DONE, List.of(),
          removed.stream().map(l -> RepositoryLayout.lock(l.info().id()).value()).toList(),
          "stale locks removed: " + String.join("; ", stale)));
    }
    try (RepositoryLock lock = locks.acquire(LockMode.EXCLUSIVE, "prune")) {
      return prune(options, stale, lock);
    }
  }

  private static String describe(LockService.Listed l) {
    return l.info().mode().name().toLowerCase() + " lock of " + l.info().purpose() + " on " + l.info().host()
        + " (pid " + l.info().pid() + "): " + l.staleReason();
  }

  private PruneReport prune(PruneOptions options, List<String> staleLocks, RepositoryLock lock) throws IOException {
    SnapshotStore snapshots = new SnapshotStore(repository);
    List<SnapshotId> ids = snapshots.ids();
    // Each reader adds its snapshot's chunks and drops the snapshot: only the set of distinct chunks stays in memory
    // (holding every snapshot first ran out of a 256 MiB heap at 10,000 snapshots, bench/README.md "Prune at scale").
    Set<ChunkId> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ParallelReads.map(ids, threads, id -> {
      Snapshot s;
      try {
        s = snapshots.read(id);
      } catch (IntegrityException e) {
        throw new IntegrityException("snapshot " + id.shortHex() + " is unreadable, so what it references is "
            + "unknown; nothing was deleted (" + e.getMessage() + "); 'pouch forget " + id.shortHex()
            + "' removes it", e);
      }
      for (FileEntry f : s.files()) {
        f.chunks().forEach(hex -> used.add(ChunkId.parse(hex)));
      }
      return Boolean.TRUE;
    });
    used.addAll(PitrRetention.usedChunks(repository)); // WAL pieces of point-in-time recovery

    IndexStore indexStore = new IndexStore(repository);
    List<String> indexNames;
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.INDEX)) {
      indexNames = list.map(i -> i.key().name()).toList();
    }
    List<List<PackContents>> indexes = ParallelReads.map(indexNames, threads, name -> {
      try {
        return indexStore.read(name);
      } catch (IntegrityException e) {
        throw new IntegrityException("index " + name + " is unreadable; nothing was deleted (" + e.getMessage()
            + "); 'pouch repair index' rebuilds the index from the packs", e);
      }
    });
    Map<PackId, PackContents> indexed = new HashMap<>();
    indexes.forEach(packs -> packs.forEach(p -> indexed.putIfAbsent(p.id(), p)));

    Map<PackId, Long> stored = new TreeMap<>();
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.DATA)) {
      list.forEach(info -> {
        try {
          PackId id = new PackId(info.key().name());
          if (RepositoryLayout.pack(id).equals(info.key())) {
            stored.put(id, info.sizeBytes());
          }
        } catch (IllegalArgumentException e) {
          // Not a pack name: pouch never wrote it, so pouch does not delete it ('verify' reports it).
        }
      });
    }
    long bytesBefore = stored.values().stream().mapToLong(Long::longValue).sum();

    PrunePlan plan = PrunePlanner.plan(used, indexed, stored, options.repackThreshold(), options.rewriteOldEpochs(),
        repository.keyring().currentEpoch());
    long bytesToDelete = plan.unused().stream().mapToLong(p -> stored.get(p.id())).sum() + plan.unindexedBytes()
        + plan.repack().stream().mapToLong(r -> stored.get(r.pack().id())).sum();
    if (options.dryRun() || plan.changesNothing()) {
      long estimateWritten = plan.repack().stream().flatMap(r -> r.move().stream())
          .mapToLong(e -> e.storedLength()).sum();
      boolean changes = !plan.changesNothing();
      return report(options.dryRun(), staleLocks, ids.size(), used.size(), stored.size(), bytesBefore, plan, 0,
          changes ? indexNames.size() : 0, changes ? 1 : 0, changes ? bytesToDelete : 0,
          changes ? estimateWritten : 0, List.of());
    }

    List<PackContents> fresh;
    long repacked;
    try (Repacker repacker = new Repacker(repository)) {
      for (PrunePlan.Repack r : plan.repack()) {
        repacker.carry(r.pack(), r.move());
      }
      fresh = repacker.finish();
      repacked = repacker.bytesWritten();
    }
    List<PackContents> covered = new ArrayList<>(plan.keep());
    covered.addAll(fresh);
    Set<String> newIndexes = new LinkedHashSet<>(indexStore.write(covered));

    List<BlobKey> doomed = new ArrayList<>();
    indexNames.stream().filter(n -> !newIndexes.contains(n)).map(RepositoryLayout::index).forEach(doomed::add);
    int indexesDeleted = doomed.size();
    plan.repack().forEach(r -> doomed.add(RepositoryLayout.pack(r.pack().id())));
    plan.unused().forEach(p -> doomed.add(RepositoryLayout.pack(p.id())));
    plan.unindexed().forEach(p -> doomed.add(RepositoryLayout.pack(p)));
    Map<BlobKey, String> kept = keepRetained(doomed, indexNames, indexes);
    indexesDeleted -= (int) kept.keySet().stream().filter(k -> k.value().startsWith(RepositoryLayout.INDEX)).count();
    long bytesKept = kept.keySet().stream().filter(k -> k.value().startsWith(RepositoryLayout.DATA))
        .mapToLong(k -> stored.getOrDefault(new PackId(k.name()), 0L)).sum();
    List<String> retained = new ArrayList<>();
    kept.forEach((key, why) -> retained.add(key.value() + " (" + why + ")"));
    lock.checkStillHeld(); // deletions decided under a lock others may have taken for stale are not made
    new AuditLog(repository).deleteRecorded(options.actor(), options.command(), List.of(), doomed,
        "prune: old index objects first, then packs (" + plan.unused().size() + " unused, " + plan.unindexed().size()
            + " unindexed, " + plan.repack().size() + " repacked into " + fresh.size() + " new)");
    return report(false, staleLocks, ids.size(), used.size(), stored.size(), bytesBefore, plan, fresh.size(),
        indexesDeleted, newIndexes.size(), bytesToDelete - bytesKept, repacked, retained);
  }

  /**
   * Takes out of {@code doomed} what the storage keeps under a retention, and the packs a kept index object names;
   * returns them with the reason. Asks nothing of storage that cannot retain objects.
   */
  private Map<BlobKey, String> keepRetained(List<BlobKey> doomed, List<String> indexNames, List<List<PackContents>> indexes)
      throws IOException {
    Optional<RetainedObjects> retention = repository.backend().role(RetainedObjects.class);
    if (doomed.isEmpty() || retention.isEmpty() || !retention.get().retentionEnabled()) {
      return Map.of();
    }
    Map<BlobKey, String> kept = new LinkedHashMap<>();
    for (BlobKey key : doomed) {
      Optional<Instant> until = retention.get().retainedUntil(key);
      until.ifPresent(u -> kept.put(key, u.equals(Instant.MAX) ? "legal hold" : "retained until " + u));
    }
    Set<BlobKey> doomedSet = new HashSet<>(doomed);
    for (int i = 0; i < indexNames.size(); i++) {
      if (kept.containsKey(RepositoryLayout.index(indexNames.get(i)))) {
        for (PackContents pack : indexes.get(i)) {
          BlobKey key = RepositoryLayout.pack(pack.id());
          if (doomedSet.contains(key)) {
            kept.putIfAbsent(key, "named by retained index " + indexNames.get(i));
          }
        }
      }
    }
    doomed.removeIf(kept::containsKey);
    return kept;
  }

  private static PruneReport report(boolean dryRun, List<String> staleLocks, int snapshots, long chunksUsed,
      int packsBefore, long bytesBefore, PrunePlan plan, int packsWritten, int indexesDeleted, int indexesWritten,
      long bytesDeleted, long bytesWritten, List<String> retained) {
    return new PruneReport(dryRun, staleLocks, snapshots, chunksUsed, packsBefore, bytesBefore, plan.unused().size(),
        plan.unindexed().size(), plan.repack().size(), packsWritten, plan.missing().size(), indexesDeleted,
        indexesWritten, bytesDeleted, bytesWritten, retained);
  }
}
