package dev.pouch.wombat.state;

import java.util.List;

/**
 * What the restore check found.
 *
 * @param problems findings, errors and warnings
 * @param closureFailures MANIFEST entries whose table is missing or invalid; on real Wombat data every entry names
 *     a {@code table_<id>.sst} that was never written, so these are reported, not fatal (§5)
 * @param state the state the WALs replay to
 * @param sstCount SSTables validated
 * @param walCount WAL segments replayed
 * @param vlogCount value-log files
 * @param walRecords WAL records applied
 */
public record RestoreCheckReport(
    List<RestoreProblem> problems,
    List<String> closureFailures,
    KvState state,
    int sstCount,
    int walCount,
    int vlogCount,
    long walRecords) {

  /** Copies the lists. */
  public RestoreCheckReport {
    problems = List.copyOf(problems);
    closureFailures = List.copyOf(closureFailures);
  }

  /** Whether no finding is an error. */
  public boolean ok() {
    return problems.stream().noneMatch(p -> p.severity() == Severity.ERROR);
  }

  /** The errors. */
  public List<RestoreProblem> errors() {
    return problems.stream().filter(p -> p.severity() == Severity.ERROR).toList();
  }

  /** The semantic digest of {@link #state()}. */
  public StateDigest digest() {
    return state.digest();
  }
}
