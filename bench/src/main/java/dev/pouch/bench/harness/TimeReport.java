package dev.pouch.bench.harness;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What GNU {@code /usr/bin/time -v} reports for a finished process and its waited-for children.
 *
 * @param userSeconds   CPU time in user mode
 * @param systemSeconds CPU time in the kernel
 * @param peakRssBytes  largest resident set size of the process (or its largest child)
 * @param exitStatus    the command's exit status
 */
public record TimeReport(double userSeconds, double systemSeconds, long peakRssBytes, int exitStatus) {

  private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([0-9.]+)");
  private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): ([0-9.]+)");
  private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): ([0-9]+)");
  private static final Pattern EXIT = Pattern.compile("Exit status: ([0-9]+)");

  public double cpuSeconds() {
    return userSeconds + systemSeconds;
  }

  /** Parses the text {@code time -v -o FILE} wrote. */
  public static TimeReport parse(String text) {
    return new TimeReport(Double.parseDouble(find(USER, text)), Double.parseDouble(find(SYSTEM, text)),
        Long.parseLong(find(RSS, text)) * 1024, Integer.parseInt(find(EXIT, text)));
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("time -v output has no '" + pattern.pattern() + "'");
    }
    return m.group(1);
  }
}
