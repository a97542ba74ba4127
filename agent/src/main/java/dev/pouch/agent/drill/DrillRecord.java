package dev.pouch.agent.drill;

import java.time.Instant;
import java.util.List;

/**
 * One drill, as stored in {@code drills/} and reported.
 *
 * @param snapshot the restored snapshot's id; null when there was nothing to restore
 * @param restoreSeconds wall time of the restore (download, decrypt, write, built-in by-meaning check)
 * @param rtoSeconds recovery time: from the start of the restore until every check has passed or failed
 * @param rpoSeconds recovery point: the age of the newest snapshot in the repository when the drill started (for a
 *     point-in-time drill: of the newest recoverable point, base snapshots and shipped WAL together); null when there
 *     is none
 * @param failure why the drill could not complete, or null
 * @param scratchLeft where the restored copy remains (kept on request, or removing it failed: then with the
 *     reason), or null when it was removed
 * @param pointInTime what a point-in-time drill recovered (then {@code snapshot} is its base); null for a snapshot
 *     drill
 */
public record DrillRecord(int version, String id, Instant started, Instant finished, String snapshot,
    Instant snapshotTime, String host, String source, int files, long bytes, double restoreSeconds,
    double rtoSeconds, Double rpoSeconds, boolean passed, List<CheckOutcome> checks, String failure, String scratchLeft,
    PitrPoint pointInTime) {

  public static final int VERSION = 1;

  public DrillRecord {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** True when the drill failed because restored data or the repository was found wrong (exit code 3). */
  public boolean integrityProblem() {
    return !passed && checks.stream().anyMatch(c -> !c.passed());
  }
}
