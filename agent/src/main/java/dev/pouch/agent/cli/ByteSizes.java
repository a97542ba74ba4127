package dev.pouch.agent.cli;

import dev.pouch.agent.config.ByteSize;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code 500GiB}, {@code 10MB}, {@code 4096} and formats byte counts for people. */
final class ByteSizes implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    return ByteSize.parse(value).bytes();
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
