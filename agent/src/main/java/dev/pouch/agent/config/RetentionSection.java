package dev.pouch.agent.config;

/**
 * {@code retention:} which snapshots the sidecar's {@code schedule.cleanup} forgets (restic's rules, see
 * retention.RetentionPolicy). {@code days} is the seed's {@code retention_days}; {@code keepWithin} is a calendar
 * span such as {@code 30d} or {@code 1y6m}. All absent means keep everything.
 */
public record RetentionSection(Integer days, Integer keepLast, Integer keepHourly, Integer keepDaily,
    Integer keepWeekly, Integer keepMonthly, Integer keepYearly, String keepWithin) {

  static RetentionSection defaults() {
    return new RetentionSection(null, null, null, null, null, null, null, null);
  }

  /** True when any rule is set. */
  public boolean configured() {
    return days != null || keepLast != null || keepHourly != null || keepDaily != null || keepWeekly != null
        || keepMonthly != null || keepYearly != null || keepWithin != null;
  }
}
