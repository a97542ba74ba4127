package dev.pouch.agent.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code 500GiB}, {@code 10MB}, {@code 4096} and formats byte counts for people. */
final class ByteSizes implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  static long parse(String value) {
    String v = value.trim();
    int i = 0;
    while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("'" + value + "' is not a size; write e.g. 4096, 512MiB, 10GB");
    }
    double number = Double.parseDouble(v.substring(0, i));
    String unit = v.substring(i).trim().toLowerCase(Locale.ROOT);
    long factor = switch (unit) {
      case "", "b" -> 1L;
      case "k", "kb" -> 1000L;
      case "kib" -> 1L << 10;
      case "m", "mb" -> 1000L * 1000;
      case "mib" -> 1L << 20;
      case "g", "gb" -> 1000L * 1000 * 1000;
      case "gib" -> 1L << 30;
      case "t", "tb" -> 1000L * 1000 * 1000 * 1000;
      case "tib" -> 1L << 40;
      default -> throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + value + "'");
    };
    return Math.round(number * factor);
  }

  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
