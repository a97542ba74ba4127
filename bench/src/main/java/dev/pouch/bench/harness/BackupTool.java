package dev.pouch.bench.harness;

import java.nio.file.Path;

/**
 * A backup program the harness compares: how to initialise a repository, back up, restore the latest snapshot and
 * verify every stored byte. Implementations only build {@link Invocation}s; {@link MeasuredProcess} runs them.
 */
public interface BackupTool {

  /** Short name used in tables: {@code pouch}, {@code restic}, {@code borg}. */
  String name();

  /** What was run, for the results (e.g. "restic 0.14.0"). */
  String version();

  Invocation init(Path repository);

  /** The {@code sequence}-th backup (1, 2, ...) of {@code source} into {@code repository}. */
  Invocation backup(Path repository, Path source, int sequence);

  /** Restores the snapshot of backup number {@code sequence}, the newest, into the empty directory {@code target}. */
  Invocation restore(Path repository, Path target, int sequence);

  /** Reads back and authenticates every stored byte. */
  Invocation verify(Path repository);

  /** Where the restored copy of {@code source} lands under {@code target}. */
  Path restoredSource(Path target, Path source);

  /** How its restore relates to the source: byte for byte unless the tool captures something else on purpose. */
  default TreeComparison.Expectation restoreExpectation() {
    return TreeComparison.Expectation.EXACT;
  }
}
