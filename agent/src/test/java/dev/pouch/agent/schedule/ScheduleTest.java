package dev.pouch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden next-run times: expression, start, the next three firings. */
class ScheduleTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(delimiter = '|', textBlock = """
      0 2 * * 0        | 2026-11-25T12:00:00Z | 2026-11-29T02:00:00Z 2026-12-06T02:00:00Z 2026-12-13T02:00:00Z
      0 2 * * 1-6      | 2026-11-28T02:00:00Z | 2026-11-30T02:00:00Z 2026-12-01T02:00:00Z 2026-12-02T02:00:00Z
      */15 * * * *     | 2026-11-25T12:07:00Z | 2026-11-25T12:15:00Z 2026-11-25T12:30:00Z 2026-11-25T12:45:00Z
      0 3 1 * *        | 2026-11-25T00:00:00Z | 2026-12-01T03:00:00Z 2027-01-01T03:00:00Z 2027-02-01T03:00:00Z
      30 4 * * mon,fri | 2026-11-25T00:00:00Z | 2026-11-27T04:30:00Z 2026-11-30T04:30:00Z 2026-12-04T04:30:00Z
      0 0 29 2 *       | 2026-11-25T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z 2036-02-29T00:00:00Z
      @daily           | 2026-11-25T23:59:59Z | 2026-11-26T00:00:00Z 2026-11-27T00:00:00Z 2026-11-28T00:00:00Z
      @weekly          | 2026-11-25T00:00:00Z | 2026-11-29T00:00:00Z 2026-12-06T00:00:00Z 2026-12-13T00:00:00Z
      @hourly          | 2026-11-25T10:00:00Z | 2026-11-25T11:00:00Z 2026-11-25T12:00:00Z 2026-11-25T13:00:00Z
      @every 30s       | 2026-11-25T10:00:00Z | 2026-11-25T10:00:30Z 2026-11-25T10:01:00Z 2026-11-25T10:01:30Z
      @every 1h30m     | 2026-11-25T10:00:00Z | 2026-11-25T11:30:00Z 2026-11-25T13:00:00Z 2026-11-25T14:30:00Z
      """)
  void nextFirings(String expression, String start, String expected) {
    Schedule s = Schedule.parse(expression, UTC);
    List<String> got = new ArrayList<>();
    Instant t = Instant.parse(start);
    for (int i = 0; i < 3; i++) {
      t = s.nextAfter(t);
      got.add(t.toString());
    }
    assertThat(String.join(" ", got)).isEqualTo(expected);
  }

  @Test
  void cronIsReadInItsTimeZone() {
    Schedule s = Schedule.parse("0 2 * * *", ZoneId.of("Europe/Berlin"));
    assertThat(s.nextAfter(Instant.parse("2026-11-25T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0 2 * *        | needs 5 fields
      0 2 * * * *    | needs 5 fields
      61 * * * *     | not a valid cron expression
      @reboot        | unknown schedule nickname
      @every 0s      | must be positive
      @every soon    | write a duration
      """)
  void invalidExpressionsAreExplained(String expression, String message) {
    assertThatThrownBy(() -> Schedule.parse(expression, UTC)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
