package dev.pouch.wombat.state;

import java.util.List;

/**
 * The outcome of replaying segments.
 *
 * @param state the live state
 * @param records records applied
 * @param problems segments whose validated end fell short of their cut (records after it were not applied)
 */
public record ReplayResult(KvState state, long records, List<String> problems) {

  /** Copies the list. */
  public ReplayResult {
    problems = List.copyOf(problems);
  }

  /** Whether every segment replayed to its cut. */
  public boolean complete() {
    return problems.isEmpty();
  }
}
