package dev.pouch.bench.prune;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Options of {@link PruneBench}.
 *
 * @param snapshots snapshots of the large pouch repository ({@code --snapshots}, 10,000)
 * @param logicalGib distinct data of the large repository in GiB ({@code --logical-gib}, 100)
 * @param work where repositories and copies go ({@code --work}, {@code /tmp/pouch-prune-bench}); wiped first
 * @param resticSnapshots snapshots of the pouch/restic pair ({@code --restic-snapshots}, 1,000; 0 skips the pair)
 * @param tools {@code pouch}, {@code restic} or both ({@code --tools})
 * @param results parent of the {@code prune-<stamp>} results directory ({@code --results}, {@code bench/results})
 * @param pouchJar the CLI jar ({@code --pouch-jar}, {@code agent/target/pouch.jar}); copied before use
 * @param seed seed of the generated data ({@code --seed}, 42)
 * @param resticLanes restic backups run at once while building its repository ({@code --restic-parallel}, 2)
 */
public record PruneBenchOptions(int snapshots, double logicalGib, Path work, int resticSnapshots, Set<String> tools,
    Path results, Path pouchJar, long seed, int resticLanes) {

  static final Set<String> KNOWN_TOOLS = Set.of("pouch", "restic");

  public PruneBenchOptions {
    tools = Set.copyOf(tools);
    if (snapshots < 1 || resticSnapshots < 0 || !(logicalGib > 0)) {
      throw new IllegalArgumentException("--snapshots and --logical-gib must be positive, --restic-snapshots >= 0");
    }
    if (resticLanes < 1) {
      throw new IllegalArgumentException("--restic-parallel must be at least 1");
    }
    if (tools.isEmpty() || !KNOWN_TOOLS.containsAll(tools)) {
      throw new IllegalArgumentException("--tools takes pouch, restic or both, got " + tools);
    }
  }

  /** Parses the command line; unknown options and missing values are refused. */
  public static PruneBenchOptions parse(List<String> args) {
    int snapshots = 10_000;
    double gib = 100;
    Path work = Path.of("/tmp/pouch-prune-bench");
    int restic = 1_000;
    Set<String> tools = new LinkedHashSet<>(List.of("pouch", "restic"));
    Path results = Path.of("bench/results");
    Path jar = Path.of("agent/target/pouch.jar");
    long seed = 42;
    int lanes = 2;
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument "
            + name);
      }
      String value = args.get(++i);
      try {
        switch (name) {
          case "--snapshots" -> snapshots = Integer.parseInt(value);
          case "--logical-gib" -> gib = Double.parseDouble(value);
          case "--work" -> work = Path.of(value);
          case "--restic-snapshots" -> restic = Integer.parseInt(value);
          case "--tools" -> {
            tools = new LinkedHashSet<>();
            for (String t : value.split(",")) {
              tools.add(t.trim());
            }
          }
          case "--results" -> results = Path.of(value);
          case "--pouch-jar" -> jar = Path.of(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--restic-parallel" -> lanes = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " takes a number, got '" + value + "'");
      }
    }
    return new PruneBenchOptions(snapshots, gib, work, restic, tools, results, jar, seed, lanes);
  }
}
