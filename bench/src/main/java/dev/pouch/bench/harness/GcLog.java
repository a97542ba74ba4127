package dev.pouch.bench.harness;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a unified JVM GC log ({@code -Xlog:gc}) for the largest heap occupancy seen: the "before" figure of each
 * collection ({@code 120M->20M(256M)}) is the heap in use when the collector ran, the closest to a peak that the log
 * shows. Empty when no collection ran (the heap never filled its young generation).
 */
public final class GcLog {

  private static final Pattern TRANSITION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private GcLog() {}

  /** Largest heap in use at the start of a collection, in bytes. */
  public static OptionalLong peakHeapBytes(String log) {
    Matcher m = TRANSITION.matcher(log);
    long peak = -1;
    while (m.find()) {
      peak = Math.max(peak, bytes(m.group(1), m.group(2)));
    }
    return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak);
  }

  /** Number of collections in the log. */
  public static int collections(String log) {
    Matcher m = TRANSITION.matcher(log);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }
}
