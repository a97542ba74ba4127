package dev.pouch.it.ops;

/** Reads samples out of a Prometheus text page as {@code /metrics} serves it. */
final class MetricsText {

  private MetricsText() {}

  /** A sample's value; 0 when the series is not there (yet). */
  static double value(String metrics, String series) {
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
