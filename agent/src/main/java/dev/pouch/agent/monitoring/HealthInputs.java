package dev.pouch.agent.monitoring;

import dev.pouch.agent.snapshot.Snapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the checks look at.
 *
 * @param lastSuccess when the newest successful backup finished; empty if there was none
 * @param lastBackupBytes the bytes the newest backup holds; empty if there was none
 * @param successRate share of successful attempts; empty when unknown (no attempts seen)
 * @param watchingSince when observation began (process start); a backup is not overdue before
 *     {@code watchingSince + overdueAfter}, so a new deployment gets one period to make its first backup. Empty for
 *     one-shot checks such as {@code pouch status}, which have no such grace.
 */
public record HealthInputs(Optional<Instant> lastSuccess, Optional<Long> lastBackupBytes,
    Optional<Double> successRate, Optional<Instant> watchingSince) {

  /**
   * Inputs from a repository's snapshots alone ({@code pouch status}): failed attempts leave no trace, so the success
   * rate is unknown.
   */
  public static HealthInputs fromSnapshots(List<Snapshot> snapshots) {
    Optional<Snapshot> newest = snapshots.stream().max(Comparator.comparing(Snapshot::time));
    return new HealthInputs(newest.map(HealthInputs::finished), newest.map(Snapshot::totalBytes), Optional.empty(),
        Optional.empty());
  }

  /** When a snapshot's backup finished: its start time plus its recorded duration. */
  public static Instant finished(Snapshot s) {
    return s.summary() == null ? s.time() : s.time().plus(s.summary().duration());
  }
}
