package dev.pouch.bench.impact;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of {@link ImpactBench}.
 *
 * @param work scratch directory: the generated store (kept for later runs), the live database, logs, results
 * @param repositories where the repositories go, one per setting, deleted after use (default {@code /dev/shm}: a
 *     repository that costs the source disk nothing, as a remote bucket would)
 * @param pouchJar the pouch CLI jar
 * @param java the {@code java} binary that runs pouch
 * @param storeBytes size of the store to back up
 * @param writesPerSecond the database's fixed write rate
 * @param quietSeconds length of the windows without a backup measured before and after each setting
 * @param cooldownSeconds pause after each backup, before the quiet window after it
 * @param rounds how many times every setting runs
 * @param settings names of the settings to run (all by default)
 * @param cold whether the store's pages are dropped from the page cache before each setting
 * @param fsync whether each database write is followed by an fsync
 */
record ImpactOptions(Path work, Path repositories, Path pouchJar, Path java, long storeBytes, double writesPerSecond,
    int quietSeconds, int cooldownSeconds, int rounds, List<String> settings, boolean cold, boolean fsync) {

  static final String USAGE = """
      usage: ImpactBench [--work DIR] [--repositories DIR] [--pouch-jar JAR] [--java JAVA] [--size 1G]
                         [--writes-per-second 50] [--quiet 20] [--cooldown 5] [--rounds 1] [--warm] [--no-fsync]
                         [--settings unthrottled,cli-default,low-priority,sidecar-default,idle-priority,
                                     throttled-50MiB,adaptive]
      """;

  ImpactOptions {
    settings = List.copyOf(settings);
  }

  static ImpactOptions parse(String... args) {
    Path work = Path.of("bench/results/impact-work");
    Path repositories = Path.of("/dev/shm");
    Path jar = Path.of("agent/target/pouch.jar");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    long size = 1L << 30;
    double rate = 50;
    int quiet = 20;
    int cooldown = 5;
    int rounds = 1;
    List<String> settings = BackupSetting.all().stream().map(BackupSetting::name).toList();
    boolean cold = true;
    boolean fsync = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--work" -> work = Path.of(value(args, ++i, a));
        case "--repositories" -> repositories = Path.of(value(args, ++i, a));
        case "--pouch-jar" -> jar = Path.of(value(args, ++i, a));
        case "--java" -> java = Path.of(value(args, ++i, a));
        case "--size" -> size = parseSize(value(args, ++i, a));
        case "--writes-per-second" -> rate = positive(Double.parseDouble(value(args, ++i, a)), a);
        case "--quiet" -> quiet = (int) positive(Integer.parseInt(value(args, ++i, a)), a);
        case "--cooldown" -> cooldown = Integer.parseInt(value(args, ++i, a));
        case "--rounds" -> rounds = (int) positive(Integer.parseInt(value(args, ++i, a)), a);
        case "--settings" -> {
          settings = new ArrayList<>(List.of(value(args, ++i, a).split(",")));
          List<String> known = BackupSetting.all().stream().map(BackupSetting::name).toList();
          for (String s : settings) {
            if (!known.contains(s)) {
              throw new IllegalArgumentException("unknown setting '" + s + "'; known: " + String.join(", ", known));
            }
          }
        }
        case "--warm" -> cold = false;
        case "--no-fsync" -> fsync = false;
        default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    return new ImpactOptions(work, repositories, jar, java, size, rate, quiet, cooldown, rounds, settings, cold, fsync);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static double positive(double v, String option) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(option + " must be positive");
    }
    return v;
  }

  /** {@code 1G}, {@code 256M}, {@code 1048576}. */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long factor = 1;
    if (t.endsWith("G")) {
      factor = 1L << 30;
    } else if (t.endsWith("M")) {
      factor = 1L << 20;
    }
    String digits = factor == 1 ? t : t.substring(0, t.length() - 1);
    if (!digits.matches("[0-9]+")) {
      throw new IllegalArgumentException("--size takes 1G, 256M or a byte count, got '" + text + "'");
    }
    return Long.parseLong(digits) * factor;
  }
}
