package dev.pouch.agent.config;

import java.util.List;

/**
 * A configuration file that cannot be used. {@link #problems()} are one line each, in file order, formatted
 * {@code FILE:LINE:COL: field 'a.b': reason}; the message is all of them, one per line.
 */
public final class ConfigException extends Exception {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
