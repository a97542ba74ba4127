package dev.pouch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code limits.read_rate}, {@code limits.adaptive} and {@code limits.priority}. */
class LimitsReadKeysTest {

  private static final String BASE = "source: {path: /var/lib/wombat}\nrepository: {url: /backups}\n";

  private static LimitsSection limits(String yaml) throws ConfigException {
    return new ConfigLoader(Map.of()).parse(BASE + yaml, "pouch.yaml").config().limits();
  }

  @Test
  void readsTheSourceSideLimits() throws ConfigException {
    LimitsSection l = limits("limits: {read_rate: 50MiB/s, adaptive: true, priority: normal, threads: 1}\n");

    assertThat(l.readRate().bytesPerSecond()).isEqualTo(50L << 20);
    assertThat(l.adaptive()).isTrue();
    assertThat(l.priority()).isEqualTo("normal");
    assertThat(l.threads()).isEqualTo(1);
  }

  @Test
  void absentKeysLeaveTheDefaultsToTheSidecar() throws ConfigException {
    LimitsSection l = limits("");

    assertThat(l.readRate()).isNull();
    assertThat(l.adaptive()).isNull();
    assertThat(l.priority()).isNull();
  }

  @Test
  void anUnknownPriorityIsRejectedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> limits("limits:\n  priority: urgent\n"));

    assertThat(e.problems()).containsExactly("pouch.yaml:4:3: field 'limits.priority': must be low, idle or normal, "
        + "not 'urgent'");
  }

  @Test
  void aReadRateWithoutPerSecondIsRejected() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> limits("limits: {read_rate: 50MiB}\n"));

    assertThat(e.problems()).singleElement().asString().contains("field 'limits.read_rate'").contains("not a rate");
  }
}
