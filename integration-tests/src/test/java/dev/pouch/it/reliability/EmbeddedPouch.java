package dev.pouch.it.reliability;

import dev.pouch.agent.cli.Context;
import dev.pouch.agent.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * The CLI's entry point ({@link Main#run}) called in the test JVM: the same commands, options and exit codes as the
 * jar (whose {@code main} only adds {@code System.exit}), without a JVM start per command. Used for the many checks
 * after each crash; the crashing commands themselves always run as processes.
 */
public final class EmbeddedPouch implements Pouch {

  private final Map<String, String> env;

  public EmbeddedPouch(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** A CLI whose environment holds only {@code POUCH_PASSWORD}. */
  public static EmbeddedPouch withPassword(String password) {
    return new EmbeddedPouch(Map.of("POUCH_PASSWORD", password));
  }

  @Override
  public PouchResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Context(new PrintWriter(out, true), new PrintWriter(err, true), env, Clock.systemUTC(),
        new SecureRandom(), false), args);
    return new PouchResult(String.join(" ", args), code, out.toString(), err.toString());
  }
}
