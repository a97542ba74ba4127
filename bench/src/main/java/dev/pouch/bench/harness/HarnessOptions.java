package dev.pouch.bench.harness;

import dev.pouch.bench.dataset.Mix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Command line of the harness.
 *
 * @param sizeBytes  data set size ({@code --size 1G}, default 1 GiB)
 * @param mixes      data set mixes ({@code --mix mixed|sst-heavy|vlog-heavy|wal-heavy|all}, default mixed)
 * @param tools      tools to compare ({@code --tools pouch,restic,borg})
 * @param heap       when present ({@code --heap 256m}), pouch also runs a second time with this {@code -Xmx}
 * @param profile    record a JFR profile of every pouch run ({@code --profile})
 * @param work       scratch directory for data, repositories and restores ({@code --work})
 * @param results    where results are written ({@code --results})
 * @param pouchJar   the pouch CLI jar ({@code --pouch-jar})
 * @param java       the {@code java} binary that runs pouch ({@code --java}, default: the one running the harness)
 * @param keep       keep data and repositories afterwards ({@code --keep})
 * @param seed       data set seed ({@code --seed})
 * @param simulator  generate data with the Wombat simulator ({@code --generator simulator}, the default) rather than
 *                   the bench's own record generator ({@code --generator records})
 * @param rounds     how many times the whole sequence runs on each data set with fresh repositories ({@code --rounds},
 *                   default 1); the report gives the median of each round's ratio, since one round's ratio moves by
 *                   0.1-0.4 on a shared machine
 */
public record HarnessOptions(long sizeBytes, List<Mix> mixes, List<String> tools, Optional<String> heap,
    boolean profile, Path work, Path results, Path pouchJar, Path java, boolean keep, long seed, boolean simulator,
    int rounds) {

  public static final String USAGE = """
      usage: run.sh [--size 1G|10G|<n>M] [--mix mixed|sst-heavy|vlog-heavy|wal-heavy|all] [--tools pouch,restic,borg]
                    [--heap 256m] [--profile] [--work DIR] [--results DIR] [--pouch-jar JAR] [--java JAVA]
                    [--generator simulator|records] [--rounds N] [--keep] [--seed N]""";

  public HarnessOptions {
    mixes = List.copyOf(mixes);
    tools = List.copyOf(tools);
  }

  public static HarnessOptions parse(String... args) {
    long size = 1L << 30;
    List<Mix> mixes = List.of(Mix.MIXED);
    List<String> tools = List.of("pouch", "restic", "borg");
    Optional<String> heap = Optional.empty();
    boolean profile = false;
    Path work = Path.of("bench/results/work");
    Path results = Path.of("bench/results");
    Path jar = Path.of("agent/target/pouch.jar");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    boolean keep = false;
    long seed = 42;
    boolean simulator = true;
    int rounds = 1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--profile" -> profile = true;
        case "--keep" -> keep = true;
        case "--size" -> size = parseSize(value(args, ++i, a));
        case "--mix" -> {
          String v = value(args, ++i, a);
          mixes = v.equals("all") ? List.of(Mix.values()) : List.of(Mix.parse(v));
        }
        case "--tools" -> {
          tools = List.of(value(args, ++i, a).split(","));
          for (String t : tools) {
            if (!List.of("pouch", "restic", "borg").contains(t)) {
              throw new IllegalArgumentException("unknown tool '" + t + "' (pouch, restic, borg)");
            }
          }
        }
        case "--heap" -> {
          String v = value(args, ++i, a).toLowerCase(Locale.ROOT);
          if (!v.matches("[0-9]+[kmg]")) {
            throw new IllegalArgumentException("--heap takes a JVM size such as 256m, got '" + v + "'");
          }
          heap = Optional.of(v);
        }
        case "--work" -> work = Path.of(value(args, ++i, a));
        case "--results" -> results = Path.of(value(args, ++i, a));
        case "--pouch-jar" -> jar = Path.of(value(args, ++i, a));
        case "--java" -> java = Path.of(value(args, ++i, a));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        case "--generator" -> {
          String v = value(args, ++i, a);
          if (!v.equals("simulator") && !v.equals("records")) {
            throw new IllegalArgumentException("--generator is simulator or records, got '" + v + "'");
          }
          simulator = v.equals("simulator");
        }
        case "--rounds" -> {
          String v = value(args, ++i, a);
          if (!v.matches("[0-9]{1,2}") || Integer.parseInt(v) < 1) {
            throw new IllegalArgumentException("--rounds takes a count from 1 to 99, got '" + v + "'");
          }
          rounds = Integer.parseInt(v);
        }
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    return new HarnessOptions(size, mixes, tools, heap, profile, work.toAbsolutePath(), results.toAbsolutePath(),
        jar.toAbsolutePath(), java, keep, seed, simulator, rounds);
  }

  /** {@code 1G}, {@code 10G}, {@code 512M} (binary units) or a plain byte count. */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "");
    long unit = 1;
    if (t.endsWith("G")) {
      unit = 1L << 30;
    } else if (t.endsWith("M")) {
      unit = 1L << 20;
    } else if (t.endsWith("K")) {
      unit = 1L << 10;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--size takes a size such as 1G, 10G or 512M, got '" + text + "'");
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** The tools to run, pouch variants first. */
  List<String> toolOrder() {
    List<String> order = new ArrayList<>();
    for (String t : List.of("pouch", "restic", "borg")) {
      if (tools.contains(t)) {
        order.add(t);
      }
    }
    return order;
  }
}
