package dev.pouch.agent.run;

import dev.pouch.agent.config.CopyTarget;
import dev.pouch.agent.config.RepositorySection;
import dev.pouch.agent.copy.CopyResult;
import dev.pouch.agent.copy.CopyService;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.policy.CopyObserver;
import dev.pouch.agent.policy.Observation;
import dev.pouch.agent.policy.PolicyEvaluator;
import dev.pouch.agent.policy.PolicyReport;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.BlobInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@code copies:} of a sidecar and the 3-2-1 policy over them: each target repository is opened on first use and
 * kept open (opening derives keys, which is slow on purpose), receives the primary's snapshots it lacks after every
 * backup, and is observed for the policy. A target that cannot be opened or written is a failed outcome, never an
 * exception: one broken target must not stop the copies to the others, nor the backup that preceded them. Used by
 * the sidecar's loop thread only.
 */
final class CopyTargets implements AutoCloseable {

  /** What copying to one target did: the copy's result, or why it failed; empty result when it was up to date. */
  record Outcome(CopyTarget target, Optional<CopyResult> result, Optional<String> failure) {
    boolean succeeded() {
      return failure.isEmpty();
    }

    /** One line for the operator's log. */
    String describe() {
      if (failure.isPresent()) {
        return "copy to " + target.url() + " failed: " + failure.get();
      }
      if (result.isEmpty()) {
        return target.url() + " already holds every snapshot";
      }
      CopyResult r = result.get();
      return "copied " + r.copied().size() + " snapshot(s) to " + target.url() + " (" + r.mode().name()
          .toLowerCase(java.util.Locale.ROOT) + ", " + r.packsCopied() + " pack(s), " + r.bytesCopied() + " bytes)"
          + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()));
    }
  }

  private final Repository primary;
  private final dev.pouch.agent.policy.CopyTarget primaryWhere;
  private final List<CopyTarget> targets;
  private final CopyTargetOpener opener;
  private final Optional<Duration> maxLag;
  private final PouchMetrics metrics;
  private final Consumer<SidecarEvent> events;
  private final Clock clock;
  private final String host;
  private final long pid;
  private final int threads;
  private final Map<String, Repository> open = new LinkedHashMap<>();
  private Boolean satisfied;

  CopyTargets(Repository primary, dev.pouch.agent.policy.CopyTarget primaryWhere, List<CopyTarget> targets,
      CopyTargetOpener opener, Optional<Duration> maxLag, PouchMetrics metrics, Consumer<SidecarEvent> events,
      String host, long pid, int threads) {
    this.primary = primary;
    this.primaryWhere = primaryWhere;
    this.targets = List.copyOf(targets);
    this.opener = opener;
    this.maxLag = maxLag;
    this.metrics = metrics;
    this.events = events;
    this.clock = primary.clock();
    this.host = host;
    this.pid = pid;
    this.threads = threads;
    targets.forEach(t -> metrics.copyTarget(t.url()));
  }

  /**
   * After a backup: copies what the targets lack (unless {@code copy} is false, e.g. while stopping), then evaluates
   * 3-2-1; both into the metrics and the events.
   */
  void copyAndEvaluate(boolean copy) {
    List<SnapshotStore.Stored> snapshots;
    try {
      snapshots = new SnapshotStore(primary).list().snapshots();
    } catch (IOException | RuntimeException e) {
      events.accept(new SidecarEvent(clock.instant(), "copy-failed", "cannot list the primary's snapshots to copy "
          + "them: " + e.getMessage()));
      targets.forEach(t -> metrics.copied(t.url(), false));
      return;
    }
    if (copy) {
      for (Outcome o : copyMissing(snapshots)) {
        metrics.copied(o.target().url(), o.succeeded());
        events.accept(new SidecarEvent(clock.instant(), o.succeeded() ? "copy" : "copy-failed", o.describe()));
      }
    }
    evaluate(snapshots);
  }

  /** Evaluates 3-2-1 into the metrics (policy, each target's lag); reports the verdict when it changed. */
  void evaluate(List<SnapshotStore.Stored> snapshots) {
    PolicyReport report = report(snapshots, clock.instant());
    metrics.policy321(report.satisfied());
    for (PolicyReport.RepositoryStatus t : report.targets()) {
      metrics.copyLag(t.url(), Optional.ofNullable(t.lag()));
    }
    if (satisfied == null || satisfied != report.satisfied()) {
      events.accept(new SidecarEvent(clock.instant(), "policy", describe(report)));
    }
    satisfied = report.satisfied();
  }

  List<CopyTarget> targets() {
    return targets;
  }

  /** The primary repository as the policy sees it: its medium from its URL unless configured, onsite by default. */
  static dev.pouch.agent.policy.CopyTarget where(RepositorySection r) {
    return new dev.pouch.agent.policy.CopyTarget(r.url(), r.medium() != null ? r.medium()
        : dev.pouch.agent.policy.CopyTarget.mediumOf(r.url()),
        r.site() != null ? r.site() : dev.pouch.agent.policy.CopyTarget.ONSITE);
  }

  /** The policy's verdict in one line. */
  static String describe(PolicyReport report) {
    return report.satisfied() ? "3-2-1 holds: " + report.copies() + " copies, media " + String.join(", ",
        report.media()) + ", " + report.offsite() + " offsite" : "3-2-1 does NOT hold: " + String.join("; ",
        report.reasons());
  }

  /** The medium and site of a configured target, defaults filled in (as the policy sees it). */
  static dev.pouch.agent.policy.CopyTarget where(CopyTarget t) {
    String medium = t.medium() != null ? t.medium() : dev.pouch.agent.policy.CopyTarget.mediumOf(t.url());
    String site = t.site() != null ? t.site() : dev.pouch.agent.policy.CopyTarget.ONSITE;
    return new dev.pouch.agent.policy.CopyTarget(t.url(), medium, site);
  }

  /** Copies to every target the primary's snapshots it does not list yet, oldest first. */
  List<Outcome> copyMissing(List<SnapshotStore.Stored> primarySnapshots) {
    List<Outcome> outcomes = new ArrayList<>();
    for (CopyTarget t : targets) {
      try {
        Repository target = repository(t);
        Set<String> present = snapshotNames(target);
        List<String> missing = primarySnapshots.stream().map(s -> s.id().hex()).filter(id -> !present.contains(id))
            .toList();
        if (missing.isEmpty()) {
          // An empty request would mean "every snapshot" to CopyService.
          outcomes.add(new Outcome(t, Optional.empty(), Optional.empty()));
          continue;
        }
        CopyResult result = new CopyService(primary, target, new LockService(primary, host, pid),
            new LockService(target, host, pid), threads).copy(new CopyService.CopyRequest(missing));
        outcomes.add(new Outcome(t, Optional.of(result), Optional.empty()));
      } catch (IOException | RuntimeException e) {
        outcomes.add(new Outcome(t, Optional.empty(), Optional.of(describe(e))));
      }
    }
    return outcomes;
  }

  /** Whether 3-2-1 holds now, looking at every target (opening those not open yet). */
  PolicyReport report(List<SnapshotStore.Stored> primarySnapshots, Instant now) {
    CopyObserver observer = new CopyObserver(primarySnapshots);
    List<Observation> seen = new ArrayList<>();
    for (CopyTarget t : targets) {
      dev.pouch.agent.policy.CopyTarget where = where(t);
      Repository target;
      try {
        target = repository(t);
      } catch (IOException | RuntimeException e) {
        seen.add(Observation.failed(where, describe(e)));
        continue;
      }
      seen.add(observer.target(where, target.backend(), backend -> target));
    }
    return new PolicyEvaluator(maxLag).evaluate(observer.primary(primaryWhere), seen, now);
  }

  private Repository repository(CopyTarget t) throws IOException {
    Repository r = open.get(t.url());
    if (r == null) {
      r = opener.open(t);
      open.put(t.url(), r);
    }
    return r;
  }

  private static Set<String> snapshotNames(Repository target) throws IOException {
    Set<String> names = new HashSet<>();
    try (Stream<BlobInfo> list = target.backend().list(RepositoryLayout.SNAPSHOTS)) {
      list.forEach(info -> names.add(info.key().name()));
    }
    return names;
  }

  private static String describe(Exception e) {
    String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
  }

  /** Closes the targets' storage backends; the first failure is thrown with the others suppressed. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Repository r : open.values()) {
      try {
        r.backend().close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
