package dev.pouch.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of one test (crash points tried, faults injected, corruptions detected, ...), written to
 * {@code target/reliability/<name>.txt} so a run's real numbers can be copied into docs/reliability.md.
 */
public final class Tally {

  private final String name;
  private final Map<String, AtomicLong> counts = new LinkedHashMap<>();

  public Tally(String name) {
    this.name = name;
  }

  public synchronized void add(String what, long n) {
    counts.computeIfAbsent(what, k -> new AtomicLong()).addAndGet(n);
  }

  public void add(String what) {
    add(what, 1);
  }

  public synchronized long get(String what) {
    AtomicLong n = counts.get(what);
    return n == null ? 0 : n.get();
  }

  /** Writes the counts, with the run length, replacing an earlier file of the same name. */
  public synchronized void write() throws IOException {
    Path dir = Path.of(System.getProperty("pouch.it.work.dir", "target/it-work")).toAbsolutePath().getParent()
        .resolve("reliability");
    Files.createDirectories(dir);
    StringBuilder text = new StringBuilder("# " + name + ", " + (RunLength.isLong() ? "long" : "default")
        + " run, " + Instant.now() + "\n");
    counts.forEach((what, n) -> text.append(what).append(" = ").append(n.get()).append('\n'));
    Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
  }
}
