package dev.pouch.agent.policy;

import dev.pouch.agent.schedule.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides whether 3-2-1 holds: copies (the live data, plus each repository that counts) >= 3, distinct media among
 * the repositories that count >= 2, and at least one that counts offsite. A repository counts when it holds a
 * snapshot and, if a maximum lag is set, a target's newest copy is at most that far behind the primary's newest
 * snapshot. Pure: the observations and the time come in, a report goes out.
 */
public final class PolicyEvaluator {

  static final int COPIES = 3;
  static final int MEDIA = 2;
  static final int OFFSITE = 1;

  private final Optional<Duration> maxLag;

  public PolicyEvaluator(Optional<Duration> maxLag) {
    this.maxLag = maxLag;
  }

  public PolicyReport evaluate(Observation primary, List<Observation> targets, Instant now) {
    List<String> reasons = new ArrayList<>();
    PolicyReport.RepositoryStatus primaryStatus = status(primary, null, now);
    Instant primaryNewest = primary.newest().map(Observation.Newest::time).orElse(null);
    List<PolicyReport.RepositoryStatus> targetStatus = new ArrayList<>();
    for (Observation t : targets) {
      targetStatus.add(status(t, primaryNewest, now));
    }
    List<PolicyReport.RepositoryStatus> counting = new ArrayList<>();
    if (primaryStatus.counts()) {
      counting.add(primaryStatus);
    } else {
      reasons.add("the primary repository " + primary.where().url() + " does not count: " + primaryStatus.note());
    }
    for (PolicyReport.RepositoryStatus s : targetStatus) {
      if (s.counts()) {
        counting.add(s);
      }
    }
    int copies = 1 + counting.size();
    TreeSet<String> media = new TreeSet<>();
    counting.forEach(s -> media.add(s.medium()));
    int offsite = (int) counting.stream().filter(s -> s.site().equals(CopyTarget.OFFSITE)).count();
    if (copies < COPIES) {
      List<String> missing = targetStatus.stream().filter(s -> !s.counts())
          .map(s -> s.url() + " (" + s.note() + ")").toList();
      reasons.add(copies + " copies (live data + " + counting.size() + " repositories), " + COPIES + " needed"
          + (targets.isEmpty() ? "; name copy targets" : "") + (missing.isEmpty() ? "" : "; not counting: "
          + String.join(", ", missing)));
    }
    if (media.size() < MEDIA) {
      reasons.add(media.isEmpty() ? "no repository holds a snapshot, so no medium does"
          : "every counting copy is on medium '" + media.first() + "'; " + MEDIA + " media needed");
    }
    if (offsite < OFFSITE) {
      reasons.add("no counting copy is offsite; mark at least one target's site 'offsite'");
    }
    return new PolicyReport(reasons.isEmpty(), reasons, copies, List.copyOf(media), offsite, primaryStatus,
        targetStatus);
  }

  private PolicyReport.RepositoryStatus status(Observation o, Instant primaryNewest, Instant now) {
    CopyTarget where = o.where();
    if (o.error().isPresent()) {
      return new PolicyReport.RepositoryStatus(where.url(), where.medium(), where.site(), null, null, null, null,
          false, "unreachable: " + o.error().get());
    }
    if (o.newest().isEmpty()) {
      return new PolicyReport.RepositoryStatus(where.url(), where.medium(), where.site(), null, null, null, null,
          false, primaryNewest == null ? "no snapshot yet" : "no snapshot copied yet");
    }
    Observation.Newest newest = o.newest().get();
    Duration age = Duration.between(newest.time(), now);
    Duration lag = null;
    String note = null;
    if (primaryNewest != null) {
      lag = Duration.between(newest.time(), primaryNewest);
      if (lag.isNegative()) {
        lag = Duration.ZERO;
      }
      if (maxLag.isPresent() && lag.compareTo(maxLag.get()) > 0) {
        note = "newest copy is " + Durations.human(lag) + " behind the primary (at most "
            + Durations.human(maxLag.get()) + " allowed)";
      }
    }
    return new PolicyReport.RepositoryStatus(where.url(), where.medium(), where.site(), newest.snapshot(),
        newest.time(), age, lag, note == null, note);
  }

}
