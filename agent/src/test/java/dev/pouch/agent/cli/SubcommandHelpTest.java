package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A usage error says "'pouch <command> --help' shows the usage"; that must be true for every command. */
class SubcommandHelpTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new Context(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), Clock.systemUTC(),
        new SecureRandom(), false), args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"init", "backup", "restore", "verify", "key add", "key list", "repair index", "copy", "run"})
  void everyCommandShowsItsUsageWithHelp(String command) {
    String[] args = (command + " --help").split(" ");
    assertThat(run(args)).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("Usage: pouch " + command);
  }

  @Test
  void theHintOfAUsageErrorWorks() {
    assertThat(run("key", "add", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'pouch key add --help' shows the usage");
    out.getBuffer().setLength(0);
    assertThat(run("key", "add", "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: pouch key add");
  }
}
