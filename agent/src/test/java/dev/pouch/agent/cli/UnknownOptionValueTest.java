package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Someone types '--password secret' (no such option exists): the usage error must not print the secret. */
class UnknownOptionValueTest {

  private final CliRunner cli = new CliRunner(Map.of());

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void theValueOfAnUnknownOptionIsNotEchoed() {
    assertThat(run("snapshots", "--repo", "/nowhere", "--password", "hunter2-secret")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("'--password'").doesNotContain("hunter2-secret");
  }

  @Test
  void norTheValueWrittenWithAnEqualsSign() {
    assertThat(run("snapshots", "--repo", "/nowhere", "--password=hunter2-secret")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("'--password=<value not shown>'").doesNotContain("hunter2-secret");
  }

  @Test
  void otherUnexpectedArgumentsAreStillNamed() {
    assertThat(run("snapshot")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("'snapshot'");
  }
}
