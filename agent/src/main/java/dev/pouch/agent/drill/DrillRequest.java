package dev.pouch.agent.drill;

import java.nio.file.Path;

/**
 * What a drill restores and how it checks.
 *
 * @param snapshot {@code latest}, {@code random} or a snapshot id (prefix)
 * @param scratchParent the drill creates a fresh {@code pouch-drill-<id>} directory inside it
 * @param keepScratch leave the restored directory behind (for inspection) instead of deleting it
 * @param verifyBefore check the repository's metadata before restoring (seed verify_before_restore)
 * @param verifyAfter run the checks on the restored data (seed verify_after_restore)
 */
public record DrillRequest(String snapshot, Path scratchParent, boolean keepScratch, boolean verifyBefore,
    boolean verifyAfter, int threads) {}
