package dev.pouch.agent.retention;

import java.util.List;

/** The outcome of applying a policy: per group (host, source), what stays and what goes, newest first. */
public record RetentionPlan(List<Group> groups) {

  public RetentionPlan {
    groups = List.copyOf(groups);
  }

  /** One host and source. */
  public record Group(String host, String source, List<Verdict> keep, List<Verdict> remove) {
    public Group {
      keep = List.copyOf(keep);
      remove = List.copyOf(remove);
    }
  }

  public List<Candidate> removals() {
    return groups.stream().flatMap(g -> g.remove().stream()).map(Verdict::snapshot).toList();
  }

  public List<Candidate> kept() {
    return groups.stream().flatMap(g -> g.keep().stream()).map(Verdict::snapshot).toList();
  }
}
