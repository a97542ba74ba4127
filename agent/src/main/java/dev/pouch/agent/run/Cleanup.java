package dev.pouch.agent.run;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.config.RetentionSection;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.maintenance.PruneReport;
import dev.pouch.agent.maintenance.PruneService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.retention.CalendarDuration;
import dev.pouch.agent.retention.ForgetService;
import dev.pouch.agent.retention.RetentionPolicy;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar's {@code schedule.cleanup}: forget this host's snapshots by the {@code retention:} rules (which also
 * expires WAL pieces no recovery point needs any more), then prune what nothing references. Both take an exclusive
 * repository lock; a backup or copy elsewhere holding a lock makes the cleanup fail with a locked error, and the next
 * scheduled cleanup tries again.
 */
final class Cleanup {

  /** The command recorded in audit records of the sidecar's deletions. */
  static final String COMMAND = "pouch run (schedule.cleanup)";

  /** Packs less than half used are repacked, as {@code pouch prune} does by default. */
  static final double REPACK_THRESHOLD = 0.5;

  /** What a cleanup did; {@code forget} is empty when no retention rule is set (prune alone ran). */
  record Result(Optional<ForgetService.ForgetResult> forget, PruneReport prune) {
    int snapshotsRemoved() {
      return forget.map(f -> f.removed().size()).orElse(0);
    }
  }

  private final Repository repository;
  private final RetentionPolicy policy;
  private final Actor actor;
  private final int threads;

  Cleanup(Repository repository, RetentionSection retention, Actor actor, int threads) {
    this.repository = repository;
    this.policy = policy(retention);
    this.actor = actor;
    this.threads = threads;
  }

  /** The retention section as a policy; counts of 0 (and absent rules) are off, -1 is unlimited. */
  static RetentionPolicy policy(RetentionSection r) {
    return RetentionPolicy.builder()
        .keepLast(orZero(r.keepLast())).keepHourly(orZero(r.keepHourly())).keepDaily(orZero(r.keepDaily()))
        .keepWeekly(orZero(r.keepWeekly())).keepMonthly(orZero(r.keepMonthly())).keepYearly(orZero(r.keepYearly()))
        .keepWithin(r.keepWithin() == null ? null : CalendarDuration.parse(r.keepWithin()))
        .retentionDays(r.days())
        .build();
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  Result run() throws IOException {
    LockService locks = new LockService(repository, actor.host(), actor.pid());
    Optional<ForgetService.ForgetResult> forgot = Optional.empty();
    if (!policy.isEmpty()) {
      forgot = Optional.of(new ForgetService(repository, locks).run(new ForgetService.ForgetRequest(policy,
          Optional.of(actor.host()), List.of(), false, actor, COMMAND)));
    }
    PruneReport pruned = new PruneService(repository, locks, threads).run(new PruneService.PruneOptions(false,
        REPACK_THRESHOLD, false, actor, COMMAND));
    return new Result(forgot, pruned);
  }
}
