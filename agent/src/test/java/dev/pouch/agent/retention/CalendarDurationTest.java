package dev.pouch.agent.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CalendarDurationTest {

  @Test
  void parsesResticSyntax() {
    assertThat(CalendarDuration.parse("1y5m7d2h")).isEqualTo(new CalendarDuration(1, 5, 7, 2));
    assertThat(CalendarDuration.parse("36h")).isEqualTo(new CalendarDuration(0, 0, 0, 36));
    assertThat(CalendarDuration.parse("30d").toString()).isEqualTo("30d");
    assertThat(CalendarDuration.parse("1m2d").toString()).isEqualTo("1m2d");
  }

  @Test
  void refusesOtherSyntax() {
    for (String bad : new String[] {"", "1w", "d", "2h1d", "-1d", "P1D", "99999999999d", "0h", "0d0h"}) {
      assertThatThrownBy(() -> CalendarDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void subtractsLikeGoAddDate() {
    // Go: time.Date(2024, 3, 31, ...).AddDate(0, -1, 0) is 2024-03-02 (February 31 normalised), not 2024-02-29
    assertThat(CalendarDuration.parse("1m").before(Instant.parse("2024-03-31T10:00:00Z")))
        .isEqualTo(Instant.parse("2024-03-02T10:00:00Z"));
    assertThat(CalendarDuration.parse("1y").before(Instant.parse("2024-02-29T00:00:00Z")))
        .isEqualTo(Instant.parse("2023-03-01T00:00:00Z"));
    assertThat(CalendarDuration.parse("1y2m3d4h").before(Instant.parse("2024-01-02T03:00:00Z")))
        .isEqualTo(Instant.parse("2022-10-29T23:00:00Z"));
  }
}
