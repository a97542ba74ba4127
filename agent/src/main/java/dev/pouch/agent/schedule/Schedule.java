package dev.pouch.agent.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * A rule for when something runs. Implementations are immutable and thread-safe.
 *
 * <p>Accepted forms: a 5-field cron expression ({@code minute hour day-of-month month day-of-week}, as in crontab(5):
 * lists, ranges, steps, names, and day-of-month/day-of-week combined with OR when both are restricted); the nicknames
 * {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}; and {@code @every <duration>} (e.g.
 * {@code @every 30s}), which runs at fixed intervals after the previous run.
 */
public interface Schedule {

  /** The first time strictly after {@code after} at which this schedule fires. */
  Instant nextAfter(Instant after);

  /** The expression as written. */
  String expression();

  /** Nicknames and the cron expressions they stand for. */
  Map<String, String> NICKNAMES = Map.of(
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");

  /**
   * Parses an expression; cron expressions are read in {@code zone}.
   *
   * @throws IllegalArgumentException with a message fit for the user when the expression is not valid
   */
  static Schedule parse(String expression, ZoneId zone) {
    String e = expression.trim();
    String lower = e.toLowerCase(Locale.ROOT);
    if (lower.startsWith("@every")) {
      String rest = e.substring("@every".length()).trim();
      Duration interval = IntervalSchedule.parseDuration(rest);
      return new IntervalSchedule(e, interval);
    }
    if (lower.startsWith("@")) {
      String cron = NICKNAMES.get(lower);
      if (cron == null) {
        throw new IllegalArgumentException("unknown schedule nickname '" + e + "'; use one of @yearly, @monthly, "
            + "@weekly, @daily, @hourly or @every <duration>");
      }
      return CronSchedule.of(e, cron, zone);
    }
    return CronSchedule.of(e, e, zone);
  }
}
