package dev.pouch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentExpansionTest {

  private final ConfigLoader loader = new ConfigLoader(Map.of("PORT", "9100", "DIR", "/data", "ON", "true",
      "RATE", "0.5"));

  @Test
  void aWholeValueReferenceKeepsTheTypeTheTextWouldHaveInYaml() throws Exception {
    PouchConfig c = loader.parse("""
        source: {path: "${DIR}"}
        repository: {url: /r}
        monitoring: {listen: "127.0.0.1:${PORT}"}
        verify: {after_backup: "${ON}"}
        alerts: {min_success_rate: "${RATE}", success_rate_window: "${PORT}"}
        """, "pouch.yaml").config();
    assertThat(c.source().path()).isEqualTo("/data");
    assertThat(c.monitoring().listen().port()).isEqualTo(9100);
    assertThat(c.verify().afterBackup()).isTrue();
    assertThat(c.alerts().minSuccessRate()).isEqualTo(0.5);
    assertThat(c.alerts().successRateWindow()).isEqualTo(9100);
  }

  @Test
  void defaultsAndDollarEscapes() {
    EnvironmentExpansion e = new EnvironmentExpansion(Map.of("A", "x"));
    assertThat(e.expand("${A}-${B:-dflt}-$${A}-$5", "p")).isEqualTo("x-dflt-${A}-$5");
  }

  @Test
  void anEmptyVariableCountsAsUnset() {
    EnvironmentExpansion e = new EnvironmentExpansion(Map.of("EMPTY", ""));
    var root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    root.putObject("repository").put("url", "${EMPTY}");
    assertThat(e.expand(root)).containsExactly(new EnvironmentExpansion.Unset("repository.url", "EMPTY"));
  }
}
