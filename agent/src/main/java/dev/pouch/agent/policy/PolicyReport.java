package dev.pouch.agent.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether 3-2-1 holds now, why not, and the state of each repository.
 *
 * @param copies copies that count, the live data included
 * @param media distinct media among the repositories that count
 * @param offsite repositories that count and are offsite
 */
public record PolicyReport(boolean satisfied, List<String> reasons, int copies, List<String> media, int offsite,
    RepositoryStatus primary, List<RepositoryStatus> targets) {

  public PolicyReport {
    reasons = List.copyOf(reasons);
    media = List.copyOf(media);
    targets = List.copyOf(targets);
  }

  /**
   * One repository's part. Absent values are null (and left out of JSON).
   *
   * @param newestSnapshot id of the newest snapshot (for a target: the newest copied from the primary)
   * @param age how old that snapshot is now
   * @param lag how far it is behind the primary's newest snapshot (targets only)
   * @param counts whether this repository counts as a copy
   * @param note why it does not count, or null
   */
  public record RepositoryStatus(String url, String medium, String site, String newestSnapshot, Instant newestTime,
      Duration age, Duration lag, boolean counts, String note) {}
}
