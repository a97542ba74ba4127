package dev.pouch.agent.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Which snapshots to keep, with restic's semantics (verified against restic 0.14 with a golden table):
 * <ul>
 *   <li>Snapshots are grouped by host and source and each group is decided on its own, newest first.</li>
 *   <li>{@code keepLast N}: the N newest. {@code keepHourly/Daily/Weekly/Monthly/Yearly N}: going from the newest,
 *       a snapshot is kept when its calendar period (UTC; weeks are ISO-8601 weeks) differs from that of the last
 *       snapshot this rule kept, until N were kept; so it is the newest snapshot of each of the N newest periods
 *       that have one. {@code -1} means no limit, {@code 0} turns a rule off.</li>
 *   <li>{@code keepWithin D}: every snapshot strictly newer than the group's newest snapshot minus D.</li>
 *   <li>{@code retentionDays N} (the seed's option, not restic's): every snapshot started or captured strictly after
 *       now minus N days, plus the one captured last at or before that boundary ({@link Candidate#baseAt}), which a
 *       point-in-time restore to the start of the window needs as its base.</li>
 *   <li>The union of all rules is kept. Every rule keeps the newest snapshot of a group, and that is also checked
 *       as an invariant: only naming a snapshot explicitly ({@link ForgetService}) removes a group's newest.</li>
 *   <li>A policy with no rule keeps everything (the caller should refuse to run it).</li>
 * </ul>
 * Unlike restic 0.16+, a rule with counts left over does not additionally keep the group's oldest snapshot.
 */
public record RetentionPolicy(
    int keepLast,
    int keepHourly,
    int keepDaily,
    int keepWeekly,
    int keepMonthly,
    int keepYearly,
    Optional<CalendarDuration> keepWithin,
    Optional<Integer> retentionDays) {

  /** The value of a {@code keep*} count meaning "every period". */
  public static final int UNLIMITED = -1;

  public RetentionPolicy {
    for (int count : new int[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
      if (count < UNLIMITED) {
        throw new IllegalArgumentException("keep counts are >= 0, or -1 for unlimited; got " + count);
      }
    }
    if (retentionDays.isPresent() && retentionDays.get() < 1) {
      throw new IllegalArgumentException("retention days must be at least 1, got " + retentionDays.get());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when no rule is set: such a policy keeps everything. */
  public boolean isEmpty() {
    return keepLast == 0 && keepHourly == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0
        && keepYearly == 0 && keepWithin.isEmpty() && retentionDays.isEmpty();
  }

  /** Applies the policy to every snapshot; {@code now} matters only for {@code retentionDays}. */
  public RetentionPlan apply(List<Candidate> snapshots, Instant now) {
    Map<List<String>, List<Candidate>> groups = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
        .thenComparing(k -> k.get(1)));
    for (Candidate c : snapshots) {
      groups.computeIfAbsent(List.of(c.host(), c.source()), k -> new ArrayList<>()).add(c);
    }
    List<RetentionPlan.Group> decided = new ArrayList<>();
    groups.forEach((key, members) -> decided.add(decideGroup(key.get(0), key.get(1), members, now)));
    return new RetentionPlan(decided);
  }

  private record Bucket(int count, ToLongFunction<LocalDateTime> period, String reason) {}

  private RetentionPlan.Group decideGroup(String host, String source, List<Candidate> members, Instant now) {
    List<Candidate> newestFirst = new ArrayList<>(members);
    newestFirst.sort(Comparator.comparing(Candidate::time).thenComparing(c -> c.id().hex()).reversed());
    if (isEmpty()) {
      return new RetentionPlan.Group(host, source,
          newestFirst.stream().map(c -> new Verdict(c, List.of("policy is empty"))).toList(), List.of());
    }
    Map<Candidate, List<String>> reasons = new LinkedHashMap<>();
    newestFirst.forEach(c -> reasons.put(c, new ArrayList<>()));

    Instant newest = newestFirst.get(0).time();
    keepWithin.ifPresent(within -> {
      Instant boundary = within.before(newest);
      newestFirst.stream().filter(c -> c.time().isAfter(boundary))
          .forEach(c -> reasons.get(c).add("within " + within));
    });
    retentionDays.ifPresent(days -> {
      Instant boundary = now.minus(Duration.ofDays(days));
      String reason = "retention-days " + days;
      newestFirst.stream().filter(c -> c.time().isAfter(boundary) || c.baseAt().isAfter(boundary))
          .forEach(c -> reasons.get(c).add(reason));
      newestFirst.stream().filter(c -> !c.baseAt().isAfter(boundary)).max(Comparator.comparing(Candidate::baseAt))
          .ifPresent(c -> reasons.get(c).add(reason + " (base before the window)"));
    });

    List<Bucket> buckets = List.of(
        new Bucket(keepLast, null, "last"),
        new Bucket(keepHourly, t -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L
            + t.getDayOfMonth() * 100L + t.getHour(), "hourly"),
        new Bucket(keepDaily, t -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth(), "daily"),
        new Bucket(keepWeekly, t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L
            + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), "weekly"),
        new Bucket(keepMonthly, t -> t.getYear() * 100L + t.getMonthValue(), "monthly"),
        new Bucket(keepYearly, t -> (long) t.getYear(), "yearly"));
    for (Bucket bucket : buckets) {
      int left = bucket.count();
      Long lastPeriod = null;
      for (int nr = 0; nr < newestFirst.size() && left != 0; nr++) {
        Candidate c = newestFirst.get(nr);
        long period = bucket.period() == null ? nr
            : bucket.period().applyAsLong(LocalDateTime.ofInstant(c.time(), ZoneOffset.UTC));
        if (lastPeriod == null || period != lastPeriod) {
          reasons.get(c).add(bucket.reason());
          lastPeriod = period;
          if (left > 0) {
            left--;
          }
        }
      }
    }
    if (reasons.get(newestFirst.get(0)).isEmpty()) {
      throw new IllegalStateException("retention would remove the newest snapshot of " + host + ":" + source);
    }

    List<Verdict> keep = new ArrayList<>();
    List<Verdict> remove = new ArrayList<>();
    reasons.forEach((c, why) -> (why.isEmpty() ? remove : keep).add(new Verdict(c, why)));
    return new RetentionPlan.Group(host, source, keep, remove);
  }

  /** Builds a policy; every rule is off until set. */
  public static final class Builder {
    private int keepLast;
    private int keepHourly;
    private int keepDaily;
    private int keepWeekly;
    private int keepMonthly;
    private int keepYearly;
    private CalendarDuration keepWithin;
    private Integer retentionDays;

    private Builder() {}

    public Builder keepLast(int n) {
      keepLast = n;
      return this;
    }

    public Builder keepHourly(int n) {
      keepHourly = n;
      return this;
    }

    public Builder keepDaily(int n) {
      keepDaily = n;
      return this;
    }

    public Builder keepWeekly(int n) {
      keepWeekly = n;
      return this;
    }

    public Builder keepMonthly(int n) {
      keepMonthly = n;
      return this;
    }

    public Builder keepYearly(int n) {
      keepYearly = n;
      return this;
    }

    public Builder keepWithin(CalendarDuration span) {
      keepWithin = span;
      return this;
    }

    public Builder retentionDays(Integer days) {
      retentionDays = days;
      return this;
    }

    public RetentionPolicy build() {
      return new RetentionPolicy(keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly,
          Optional.ofNullable(keepWithin), Optional.ofNullable(retentionDays));
    }
  }
}
