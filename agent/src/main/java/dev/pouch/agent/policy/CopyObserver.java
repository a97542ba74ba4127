package dev.pouch.agent.policy;

import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.StorageBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks at repositories for the policy. A target's newest copied snapshot is found by name: a raw copy keeps
 * snapshot ids, so the newest primary snapshot whose id the target lists is it, and no password for the target is
 * needed. Only when the target holds snapshots none of which the primary has (a re-encrypted copy, or the primary
 * forgot them) is the target opened to read its own snapshot times.
 */
public final class CopyObserver {

  /** Opens a target repository when its snapshots must be read. */
  public interface Opener {
    Repository open(StorageBackend backend) throws IOException;
  }

  private final List<SnapshotStore.Stored> primarySnapshots;

  /** @param primarySnapshots the primary's readable snapshots, oldest first ({@link SnapshotStore#list()}) */
  public CopyObserver(List<SnapshotStore.Stored> primarySnapshots) {
    this.primarySnapshots = List.copyOf(primarySnapshots);
  }

  public Observation primary(CopyTarget where) {
    if (primarySnapshots.isEmpty()) {
      return Observation.empty(where);
    }
    SnapshotStore.Stored newest = primarySnapshots.get(primarySnapshots.size() - 1);
    return Observation.of(where, newest.id().hex(), newest.snapshot().time());
  }

  /** Never throws for an unreachable or unreadable target: that is an observation too. */
  public Observation target(CopyTarget where, StorageBackend backend, Opener opener) {
    try {
      Set<String> names = new HashSet<>();
      try (Stream<BlobInfo> list = backend.list(RepositoryLayout.SNAPSHOTS)) {
        list.forEach(info -> names.add(info.key().name()));
      }
      for (int i = primarySnapshots.size() - 1; i >= 0; i--) {
        SnapshotStore.Stored s = primarySnapshots.get(i);
        if (names.contains(s.id().hex())) {
          return Observation.of(where, s.id().hex(), s.snapshot().time());
        }
      }
      if (names.isEmpty()) {
        return Observation.empty(where);
      }
      Optional<SnapshotStore.Stored> newest = new SnapshotStore(opener.open(backend)).list().snapshots().stream()
          .max(Comparator.comparing((SnapshotStore.Stored s) -> s.snapshot().time()));
      return newest.map(s -> Observation.of(where, s.id().hex(), s.snapshot().time()))
          .orElseGet(() -> Observation.failed(where, "it holds snapshots, but none is readable"));
    } catch (IOException | UncheckedIOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Observation.failed(where, message.lines().findFirst().orElse(message));
    }
  }
}
