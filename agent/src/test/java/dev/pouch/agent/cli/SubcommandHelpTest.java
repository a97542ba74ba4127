package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A usage error says "'pouch <command> --help' shows the usage"; that must be true for every command. */
class SubcommandHelpTest {

  private final CliRunner cli = new CliRunner(Map.of());

  private int run(String... args) {
    return cli.run(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"init", "backup", "restore", "verify", "key add", "key list", "repair index", "copy", "run"})
  void everyCommandShowsItsUsageWithHelp(String command) {
    String[] args = (command + " --help").split(" ");
    assertThat(run(args)).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("Usage: pouch " + command);
  }

  @Test
  void aCommandLineBuildsOnlyTheCommandItNamesAndHelpListsThemAll() {
    assertThat(Main.commandsFor("backup", "--repo", "/r", "/data")).containsExactly(BackupCommand.class);
    assertThat(Main.commandsFor("-v", "restore", "--target", "/t", "latest")).containsExactly(RestoreCommand.class);
    for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"help", "backup"}, {"bakup"}}) {
      assertThat(Main.commandsFor(args)).as(String.join(" ", args)).isEqualTo(Main.COMMANDS);
    }
    assertThat(run("--help")).isZero();
    for (String command : new String[] {"init", "backup", "snapshots", "restore", "key", "demo", "run", "drill",
        "copy", "forget", "prune", "status", "repair", "audit", "help"}) {
      assertThat(cli.out()).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(run("bakup")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("Did you mean: pouch backup?");
    assertThat(run("help", "restore")).isZero();
    assertThat(cli.out()).startsWith("Usage: pouch restore");
  }

  @Test
  void theHintOfAUsageErrorWorks() {
    assertThat(run("key", "add", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("'pouch key add --help' shows the usage");
    assertThat(run("key", "add", "--help")).isZero();
    assertThat(cli.out()).startsWith("Usage: pouch key add");
  }
}
