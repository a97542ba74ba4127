package dev.pouch.agent.retention;

import java.util.List;

/** A snapshot and why it is kept (the rules that matched), or an empty list when it goes. */
public record Verdict(Candidate snapshot, List<String> reasons) {
  public Verdict {
    reasons = List.copyOf(reasons);
  }
}
