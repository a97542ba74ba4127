package dev.pouch.agent.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * What commands get from the outside world: output streams, environment, clock and randomness. Built once in
 * {@link Main}; tests build their own.
 */
public record Context(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, SecureRandom random,
    boolean interactive) {

  public String env(String name) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : v;
  }
}
