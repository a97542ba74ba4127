package dev.pouch.agent.drill;

import java.nio.file.Path;

/**
 * What a drill restores and how it checks.
 *
 * @param snapshot {@code latest}, {@code random} or a snapshot id (prefix); ignored when {@code pointInTime} is set
 * @param scratchParent the drill creates a fresh {@code pouch-drill-<id>} directory inside it
 * @param keepScratch leave the restored directory behind (for inspection) instead of deleting it
 * @param verifyBefore check the repository's metadata before restoring (seed verify_before_restore)
 * @param verifyAfter run the checks on the restored data (seed verify_after_restore); for a point-in-time drill, the
 *     check by meaning and the WAL continuity check always run, since they are part of the restore
 * @param pointInTime null for a snapshot drill; else a point-in-time drill to {@link #RANDOM_POINT} (a random time
 *     inside the recoverable windows), an instant ({@code 2026-11-25T10:15:30Z}) or a time ago ({@code -5m})
 */
public record DrillRequest(String snapshot, Path scratchParent, boolean keepScratch, boolean verifyBefore,
    boolean verifyAfter, int threads, String pointInTime) {

  /** {@code pointInTime} for a random time inside the recoverable windows. */
  public static final String RANDOM_POINT = "random-pitr";

  /** A snapshot drill. */
  public DrillRequest(String snapshot, Path scratchParent, boolean keepScratch, boolean verifyBefore,
      boolean verifyAfter, int threads) {
    this(snapshot, scratchParent, keepScratch, verifyBefore, verifyAfter, threads, null);
  }
}
