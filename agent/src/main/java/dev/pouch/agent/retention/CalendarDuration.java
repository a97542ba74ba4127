package dev.pouch.agent.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span in calendar units, restic's {@code --keep-within} syntax: {@code 1y5m7d2h} (years, months, days, hours, each
 * optional, in this order). Subtraction follows Go's {@code AddDate} normalisation in UTC (31 March minus one month
 * is 3 March, not 28 February), so results match restic's.
 */
public record CalendarDuration(int years, int months, int days, int hours) {

  private static final Pattern SYNTAX = Pattern.compile("(?:(\\d+)y)?(?:(\\d+)m)?(?:(\\d+)d)?(?:(\\d+)h)?");

  public CalendarDuration {
    if (years < 0 || months < 0 || days < 0 || hours < 0) {
      throw new IllegalArgumentException("a duration cannot be negative");
    }
    if (years == 0 && months == 0 && days == 0 && hours == 0) {
      throw new IllegalArgumentException("a duration must be longer than zero");
    }
  }

  /** Parses {@code 1y5m7d2h}, {@code 30d}, {@code 36h}; at least one part. */
  public static CalendarDuration parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (text.isBlank() || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 1y5m7d2h, 30d or 36h (years, "
          + "months, days, hours)");
    }
    try {
      return new CalendarDuration(part(m, 1), part(m, 2), part(m, 3), part(m, 4));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too large", e);
    }
  }

  private static int part(Matcher m, int group) {
    return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
  }

  /** {@code from} minus this span, normalised the way Go's {@code time.AddDate} does. */
  public Instant before(Instant from) {
    LocalDateTime t = LocalDateTime.ofInstant(from, ZoneOffset.UTC);
    long monthIndex = (long) t.getYear() * 12 + (t.getMonthValue() - 1) - (long) years * 12 - months;
    LocalDate firstOfMonth = LocalDate.of(Math.toIntExact(Math.floorDiv(monthIndex, 12)),
        (int) Math.floorMod(monthIndex, 12) + 1, 1);
    LocalDate date = firstOfMonth.plusDays(t.getDayOfMonth() - 1L - days);
    return date.atTime(t.toLocalTime()).minusHours(hours).toInstant(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (years > 0) {
      s.append(years).append('y');
    }
    if (months > 0) {
      s.append(months).append('m');
    }
    if (days > 0) {
      s.append(days).append('d');
    }
    if (hours > 0 || s.isEmpty()) {
      s.append(hours).append('h');
    }
    return s.toString();
  }
}
