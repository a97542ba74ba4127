package dev.pouch.agent.retention;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.pitr.PitrRetention;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.BlobKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Removes snapshots by a retention policy, or named snapshots. Only snapshot objects are deleted; their data stays
 * until {@code prune}.
 *
 * <p>Takes an <b>exclusive</b> lock, as restic does, although it only deletes snapshots: two forgets with different
 * policies running at once could each keep what the other removes, together deleting snapshots that either alone
 * would have kept; and a backup running meanwhile may be using a snapshot as its parent. A dry run takes no lock.
 * Every deletion is preceded by an audit record.
 */
public final class ForgetService {

  private final Repository repository;
  private final LockService locks;

  public ForgetService(Repository repository, LockService locks) {
    this.repository = repository;
    this.locks = locks;
  }

  /**
   * What to forget.
   *
   * @param host only snapshots of this host are considered
   * @param explicit snapshot references (ids or prefixes) to remove regardless of policy; then the policy must be
   *     empty
   * @param command the command line for the audit record (no secrets)
   */
  public record ForgetRequest(RetentionPolicy policy, Optional<String> host, List<String> explicit, boolean dryRun,
      Actor actor, String command) {
    public ForgetRequest {
      explicit = List.copyOf(explicit);
      if (policy.isEmpty() == explicit.isEmpty()) {
        throw new IllegalArgumentException(explicit.isEmpty()
            ? "no retention rule given: pass --keep-last/--keep-hourly/--keep-daily/--keep-weekly/--keep-monthly/"
                + "--keep-yearly/--keep-within/--retention-days, or snapshot ids"
            : "give either snapshot ids or --keep-* rules, not both");
      }
    }
  }

  /** What was decided and, unless a dry run, deleted. Unreadable snapshots are left alone and listed. */
  public record ForgetResult(RetentionPlan plan, List<SnapshotId> removed, List<SnapshotStore.Unreadable> unreadable,
      boolean dryRun) {}

  public ForgetResult run(ForgetRequest request) throws IOException {
    if (request.dryRun()) {
      return decideAndDelete(request);
    }
    try (RepositoryLock lock = locks.acquire(LockMode.EXCLUSIVE, "forget")) {
      return decideAndDelete(request);
    }
  }

  private ForgetResult decideAndDelete(ForgetRequest request) throws IOException {
    SnapshotStore store = new SnapshotStore(repository);
    SnapshotStore.Headers listing = store.headers();
    // The Wombat bases mean reading whole snapshots, once: their capture times decide retention-days' base, and the
    // ones left after the removals decide which WAL pieces go.
    boolean byCaptureTime = request.explicit().isEmpty() && request.policy().retentionDays().isPresent();
    List<PitrIndex.Base> bases = byCaptureTime || !request.dryRun() ? PitrIndex.bases(repository) : List.of();
    Map<SnapshotId, Instant> capturedAt = new HashMap<>();
    if (byCaptureTime) {
      bases.forEach(b -> capturedAt.put(b.snapshot().id(), b.at()));
    }
    List<Candidate> candidates = new ArrayList<>();
    for (SnapshotStore.Header h : listing.snapshots()) {
      if (request.host().isEmpty() || request.host().get().equals(h.host())) {
        candidates.add(new Candidate(h.id(), h.time(), h.host(), h.source(),
            capturedAt.getOrDefault(h.id(), h.time())));
      }
    }
    RetentionPlan plan = request.explicit().isEmpty()
        ? request.policy().apply(candidates, repository.clock().instant())
        : explicitPlan(store, candidates, request.explicit());
    List<SnapshotId> removed = plan.removals().stream().map(Candidate::id).toList();
    if (!request.dryRun()) {
      List<BlobKey> keys = removed.stream().map(RepositoryLayout::snapshot).toList();
      new AuditLog(repository).deleteRecorded(request.actor(), request.command(),
          removed.stream().map(SnapshotId::hex).toList(), keys, "forget: snapshot objects only, data stays until "
              + "prune");
      Set<SnapshotId> gone = Set.copyOf(removed);
      List<BlobKey> pieces = PitrRetention.expiredPieces(repository,
          bases.stream().filter(b -> !gone.contains(b.snapshot().id())).toList());
      if (!pieces.isEmpty()) {
        new AuditLog(repository).deleteRecorded(request.actor(), request.command(),
            List.of(), pieces, "forget: WAL pieces polled before the oldest "
                + "remaining base snapshot, which no recovery point needs");
      }
    }
    return new ForgetResult(plan, request.dryRun() ? List.of() : removed, listing.unreadable(), request.dryRun());
  }

  /** Named snapshots go; everything else in their groups stays. */
  private static RetentionPlan explicitPlan(SnapshotStore store, List<Candidate> candidates, List<String> refs)
      throws IOException {
    List<SnapshotId> named = new ArrayList<>();
    for (String ref : refs) {
      if (ref.equals("latest")) {
        throw new IllegalArgumentException("name snapshots to forget by id, not 'latest'");
      }
      named.add(store.resolve(ref).id());
    }
    List<RetentionPlan.Group> groups = new ArrayList<>();
    RetentionPolicy keepAll = RetentionPolicy.builder().keepLast(RetentionPolicy.UNLIMITED).build();
    for (RetentionPlan.Group g : keepAll.apply(candidates, Instant.EPOCH).groups()) {
      List<Verdict> keep = new ArrayList<>();
      List<Verdict> remove = new ArrayList<>();
      for (Verdict v : g.keep()) {
        if (named.contains(v.snapshot().id())) {
          remove.add(new Verdict(v.snapshot(), List.of()));
        } else {
          keep.add(new Verdict(v.snapshot(), List.of("not named")));
        }
      }
      groups.add(new RetentionPlan.Group(g.host(), g.source(), keep, remove));
    }
    List<SnapshotId> found = groups.stream().flatMap(g -> g.remove().stream()).map(v -> v.snapshot().id()).toList();
    for (SnapshotId id : named) {
      if (!found.contains(id)) {
        throw new IllegalArgumentException("snapshot " + id.shortHex() + " is not of the host given with --host");
      }
    }
    return new RetentionPlan(groups);
  }
}
