package dev.pouch.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * Runs the CLI in this JVM as {@code pouch} would, with an environment (and clock) of the test's choosing, and keeps
 * what the last run printed.
 */
final class CliRunner {

  private final Map<String, String> env;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  /** {@code env} is read at every run, so a test may change it between runs. */
  CliRunner(Map<String, String> env) {
    this.env = env;
  }

  int run(String... args) {
    return runAt(Clock.systemUTC(), args);
  }

  int runAt(Clock clock, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.run(new Context(new PrintWriter(out), new PrintWriter(err), env, clock, new SecureRandom(), false),
        args);
  }

  /** What the last run printed on standard output. */
  String out() {
    return out.toString();
  }

  /** What the last run printed on standard error. */
  String err() {
    return err.toString();
  }
}
