package dev.pouch.agent.copy;

import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.KeyringRelation;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.SnapshotStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies snapshots from one repository to another (see the package description). Picks the mode from the keys:
 * raw when the target can open everything the source sealed (after taking over epochs the source added by rotation,
 * if the target has none of its own), re-encrypting otherwise. Holds shared locks on both repositories throughout.
 */
public final class CopyService {

  private final Repository source;
  private final Repository target;
  private final LockService sourceLocks;
  private final LockService targetLocks;
  private final int threads;

  public CopyService(Repository source, Repository target, LockService sourceLocks, LockService targetLocks,
      int threads) {
    this.source = source;
    this.target = target;
    this.sourceLocks = sourceLocks;
    this.targetLocks = targetLocks;
    this.threads = Math.max(1, threads);
  }

  /** Snapshot references ({@code latest}, ids, unique prefixes); empty copies every snapshot. */
  public record CopyRequest(List<String> snapshots) {
    public CopyRequest {
      snapshots = List.copyOf(snapshots);
    }
  }

  public CopyResult copy(CopyRequest request) throws IOException {
    try (RepositoryLock targetLock = targetLocks.acquire(LockMode.SHARED, "copy from " + source.backend().describe());
        RepositoryLock sourceLock = sourceLocks.acquire(LockMode.SHARED, "copy to " + target.backend().describe())) {
      // Keyrings as stored now, under the locks: a long-lived sidecar opened these repositories hours ago, and
      // deciding on a stale target keyring once overwrote a key the target had gained by its own rotation.
      source.refreshKeyring();
      target.refreshKeyring();
      List<SnapshotStore.Stored> wanted = wanted(request);
      KeyringRelation relation = KeyringRelation.of(source.keyring(), target.keyring());
      List<String> notes = new ArrayList<>();
      Repository into = target;
      boolean raw = relation.sameContentIds() && relation.conflicting().isEmpty() && !relation.agreeing().isEmpty();
      if (raw && !relation.onlyFirst().isEmpty()) {
        if (relation.onlySecond().isEmpty()) {
          into = target.adoptKeyring(source.keyring());
          notes.add("the target took over key epoch(s) " + relation.onlyFirst() + " that the source added by "
              + "'key rotate'");
        } else {
          raw = false;
          notes.add("both repositories rotated keys separately (source-only epochs " + relation.onlyFirst()
              + ", target-only " + relation.onlySecond() + "); copying by re-encryption");
        }
      }
      if (raw) {
        return new RawCopy(source, into, targetLock, threads).copy(wanted, notes);
      }
      if (notes.isEmpty()) {
        notes.add("the repositories do not share keys: every chunk is decrypted and re-encrypted with the target's "
            + "keys (create copy targets with 'pouch init --copy-of' to copy without re-encrypting)");
      }
      return new ReencryptingCopy(source, into, targetLock, threads).copy(wanted, notes);
    }
  }

  /** The requested snapshots, read and authenticated, oldest first, without duplicates. */
  private List<SnapshotStore.Stored> wanted(CopyRequest request) throws IOException {
    SnapshotStore store = new SnapshotStore(source);
    List<SnapshotStore.Stored> wanted;
    if (request.snapshots().isEmpty()) {
      SnapshotStore.Listing listing = store.list();
      if (!listing.unreadable().isEmpty()) {
        SnapshotStore.Unreadable u = listing.unreadable().get(0);
        throw new dev.pouch.crypto.IntegrityException("snapshot " + u.id().shortHex() + " of the source is "
            + "unreadable (" + u.reason() + "); name the snapshots to copy, or fix the source first");
      }
      wanted = listing.snapshots();
    } else {
      Map<String, SnapshotStore.Stored> unique = new LinkedHashMap<>();
      for (String ref : request.snapshots()) {
        SnapshotStore.Stored s = store.resolve(ref);
        unique.put(s.id().hex(), s);
      }
      wanted = new ArrayList<>(unique.values());
    }
    List<SnapshotStore.Stored> sorted = new ArrayList<>(wanted);
    sorted.sort(Comparator.comparing((SnapshotStore.Stored s) -> s.snapshot().time())
        .thenComparing(s -> s.id().hex()));
    return sorted;
  }
}
