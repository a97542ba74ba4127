package dev.pouch.agent.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A number of bytes written for people: {@code 4096}, {@code 512MiB}, {@code 10GB} (binary units KiB..TiB, decimal
 * units kB..TB).
 */
public record ByteSize(long bytes) {

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative");
    }
  }

  public static ByteSize parse(String text) {
    String v = text.trim();
    int i = 0;
    while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 4096, 512MiB, 500GiB");
    }
    double number;
    try {
      number = Double.parseDouble(v.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 4096, 512MiB, 500GiB");
    }
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
      default -> throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + text
          + "'; use B, KiB, MiB, GiB, TiB (or kB, MB, GB, TB)");
    };
    return new ByteSize(Math.round(number * factor));
  }

  @JsonValue
  @Override
  public String toString() {
    return Long.toString(bytes);
  }
}
