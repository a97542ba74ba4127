package dev.pouch.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z")); // a Wednesday
  private final Scheduler<String> scheduler = new Scheduler<>(clock);

  @Test
  void seedScheduleOverOneWeek() {
    scheduler.add("full", Schedule.parse("0 2 * * 0", ZoneId.of("UTC")));
    scheduler.add("incremental", Schedule.parse("0 2 * * 1-6", ZoneId.of("UTC")));
    StringBuilder log = new StringBuilder();
    for (int hour = 0; hour < 7 * 24; hour++) {
      clock.advance(Duration.ofHours(1));
      for (String job : scheduler.due(clock.instant())) {
        log.append(clock.instant().atZone(ZoneId.of("UTC")).getDayOfWeek()).append(' ').append(job).append('\n');
      }
    }
    assertThat(log.toString()).isEqualTo("""
        THURSDAY incremental
        FRIDAY incremental
        SATURDAY incremental
        SUNDAY full
        MONDAY incremental
        TUESDAY incremental
        WEDNESDAY incremental
        """);
  }

  @Test
  void runsMissedWhileBusyCollapseIntoOne() {
    scheduler.add("every", Schedule.parse("@every 10s", ZoneId.of("UTC")));
    clock.advance(Duration.ofMinutes(5));
    assertThat(scheduler.due(clock.instant())).containsExactly("every");
    assertThat(scheduler.due(clock.instant())).isEmpty();
    assertThat(scheduler.nextDue()).contains(clock.instant().plusSeconds(10));
  }

  @Test
  void nothingIsDueBeforeItsTime() {
    scheduler.add("daily", Schedule.parse("@daily", ZoneId.of("UTC")));
    assertThat(scheduler.due(clock.instant())).isEmpty();
    assertThat(scheduler.nextDue("daily")).contains(Instant.parse("2026-11-26T00:00:00Z"));
  }
}
