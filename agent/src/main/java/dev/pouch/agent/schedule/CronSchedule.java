package dev.pouch.agent.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A crontab(5) expression, evaluated by cron-utils with the UNIX definition, in a fixed time zone. Runs that a
 * daylight-saving change skips or repeats follow cron-utils' rules for that zone.
 */
final class CronSchedule implements Schedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX));

  private final String expression;
  private final ExecutionTime execution;
  private final ZoneId zone;

  private CronSchedule(String expression, ExecutionTime execution, ZoneId zone) {
    this.expression = expression;
    this.execution = execution;
    this.zone = zone;
  }

  static CronSchedule of(String expression, String cron, ZoneId zone) {
    String[] fields = cron.trim().split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("'" + expression + "' is not a cron expression: it needs 5 fields "
          + "(minute hour day-of-month month day-of-week), it has " + fields.length);
    }
    Cron parsed;
    try {
      parsed = PARSER.parse(cron);
      parsed.validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: " + e.getMessage(), e);
    }
    return new CronSchedule(expression, ExecutionTime.forCron(parsed), zone);
  }

  @Override
  public Instant nextAfter(Instant after) {
    ZonedDateTime next = execution.nextExecution(after.atZone(zone)).orElseThrow(
        () -> new IllegalStateException("cron expression '" + expression + "' never fires after " + after));
    return next.toInstant();
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }
}
