package dev.pouch.agent.schedule;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written for people: {@code 500ms}, {@code 5s}, {@code 90m}, {@code 24h}, {@code 7d}, {@code 1h30m}. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(v);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < v.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      at = m.end();
    }
    if (v.isEmpty() || at != v.length()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 5s, 10m, 24h, 7d");
    }
    return total;
  }

  /** The shortest exact form: {@code 1d} (not 24h), {@code 36h}, {@code 90s}, {@code 1500ms}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms > 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0 && ms > 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0 && ms > 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }

  /** {@code 3d4h}, {@code 5h12m}, {@code 40s}: durations as operators read them (rounded down). */
  public static String human(Duration d) {
    long s = d.getSeconds();
    if (s >= 86_400) {
      return s / 86_400 + "d" + (s % 86_400) / 3600 + "h";
    }
    if (s >= 3600) {
      return s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
    if (s >= 60) {
      return s / 60 + "m" + s % 60 + "s";
    }
    return s + "s";
  }
}
