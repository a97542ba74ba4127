package dev.pouch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void humanFormIsTheTwoLargestUnitsRoundedDown() {
    assertThat(Durations.human(Duration.parse("PT47M33.242498286S"))).isEqualTo("47m33s");
    assertThat(Durations.human(Duration.ofHours(26).plusMinutes(59))).isEqualTo("1d2h");
    assertThat(Durations.human(Duration.ofMinutes(312))).isEqualTo("5h12m");
    assertThat(Durations.human(Duration.ofMillis(40_999))).isEqualTo("40s");
  }

  @Test
  void formatIsExactAndParsesBack() {
    for (String text : new String[] {"500ms", "90s", "10m", "36h", "7d"}) {
      assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
  }
}
