package dev.pouch.agent.verify;

import java.util.List;

/** One thing wrong in a repository: the object concerned, what is wrong, and which snapshots it affects. */
public record Problem(String object, String description, List<String> affectedSnapshots) {
  public Problem {
    affectedSnapshots = List.copyOf(affectedSnapshots);
  }
}
