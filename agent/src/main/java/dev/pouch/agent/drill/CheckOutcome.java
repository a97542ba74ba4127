package dev.pouch.agent.drill;

import java.util.List;

/**
 * What one check of a drill found.
 *
 * @param problems why it failed; empty when it passed
 * @param notes facts worth reporting that do not fail it (counts, warnings)
 */
public record CheckOutcome(String check, boolean passed, List<String> problems, List<String> notes) {

  public CheckOutcome {
    problems = problems == null ? List.of() : List.copyOf(problems);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public static CheckOutcome passed(String check, List<String> notes) {
    return new CheckOutcome(check, true, List.of(), notes);
  }

  public static CheckOutcome failed(String check, List<String> problems) {
    return new CheckOutcome(check, false, problems, List.of());
  }
}
