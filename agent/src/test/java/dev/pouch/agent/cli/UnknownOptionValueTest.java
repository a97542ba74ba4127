package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Someone types '--password secret' (no such option exists): the usage error must not print the secret. */
class UnknownOptionValueTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new Context(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), Clock.systemUTC(),
        new SecureRandom(), false), args);
  }

  @Test
  void theValueOfAnUnknownOptionIsNotEchoed() {
    assertThat(run("snapshots", "--repo", "/nowhere", "--password", "hunter2-secret")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'--password'").doesNotContain("hunter2-secret");
  }

  @Test
  void norTheValueWrittenWithAnEqualsSign() {
    assertThat(run("snapshots", "--repo", "/nowhere", "--password=hunter2-secret")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'--password=<value not shown>'").doesNotContain("hunter2-secret");
  }

  @Test
  void otherUnexpectedArgumentsAreStillNamed() {
    assertThat(run("snapshot")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'snapshot'");
  }
}
