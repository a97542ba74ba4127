package dev.pouch.bench.prune;

import java.util.Map;
import java.util.TreeMap;

/** Reads the table {@code strace -c} writes: calls per syscall (the {@code total} row included). */
final class StraceSummary {

  private StraceSummary() {}

  /**
   * Calls per syscall name. Rows look like {@code " 45.00 0.001000 10 100 5 openat"} (the errors column may be
   * empty; strace 6 writes the {@code total} row the same way); header, rule and unparsable lines are skipped.
   */
  static Map<String, Long> calls(String text) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : text.split("\n")) {
      String[] t = line.trim().split("\\s+");
      if (t.length < 4 || t[0].startsWith("%") || t[0].startsWith("-")) {
        continue;
      }
      String name = t[t.length - 1];
      try {
        Double.parseDouble(t[0]);
        calls.put(name, Long.parseLong(t[3])); // % time, seconds, usecs/call, calls, [errors], syscall
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        // not a data row
      }
    }
    return calls;
  }
}
