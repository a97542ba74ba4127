package dev.pouch.agent.pitr;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses a point in time: an ISO-8601 instant ({@code 2026-11-25T10:15:30Z}) or a time ago ({@code -5m}, {@code -2h}). */
public final class TimeSpec {

  private TimeSpec() {}

  public static Instant parse(String text, Instant now) {
    String t = text.trim();
    if (t.startsWith("-") && t.length() > 2) {
      char unit = t.charAt(t.length() - 1);
      long n;
      try {
        n = Long.parseLong(t.substring(1, t.length() - 1));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      Duration ago = switch (unit) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw invalid(text);
      };
      return now.minus(ago);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not a time: write an instant like 2026-11-25T10:15:30Z "
        + "or a time ago like -5m, -2h, -30s, -1d");
  }
}
