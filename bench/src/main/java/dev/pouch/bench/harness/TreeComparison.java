package dev.pouch.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that a restored tree holds the regular files of the source, byte for byte, as the tool is meant to. */
public final class TreeComparison {

  private static final Pattern WAL = Pattern.compile("wal_(\\d+)\\.log");
  private static final Pattern VALUE_LOG = Pattern.compile("vlog_\\d+\\.dat");

  /**
   * What a tool's restore should hold: each source file under the name {@code restoredAs} gives (none: left out), and
   * for the files {@code mayBeCut} accepts, possibly only a prefix of it.
   *
   * @param description how the restore relates to the source, for the harness's line ("" for byte for byte)
   */
  public record Expectation(String description, Function<Path, Optional<Path>> restoredAs,
      Predicate<Path> mayBeCut) {

    /** Every file, byte for byte (restic, borg). */
    public static final Expectation EXACT = new Expectation("", Optional::of, p -> false);

    /**
     * pouch's Wombat capture (docs/wombat-capture.md): {@code tmp_*} leftovers are not captured, WAL segments and
     * value logs are cut after their last valid record (their preallocated tails are not stored), and a restore
     * renumbers the WAL segments up by one (Wombat truncates segment 1 at open).
     */
    public static final Expectation WOMBAT_CAPTURE = new Expectation(" as pouch captures it (tmp_* left out, WALs "
        + "and value logs cut after their last record, WALs renumbered up by one)", TreeComparison::wombatRestoredAs,
        p -> WAL.matcher(p.getFileName().toString()).matches()
            || VALUE_LOG.matcher(p.getFileName().toString()).matches());
  }

  private TreeComparison() {}

  /** The first difference found, or empty when {@code actual} matches {@code expected} byte for byte. */
  public static Optional<String> firstDifference(Path expected, Path actual) throws IOException {
    return firstDifference(expected, actual, Expectation.EXACT);
  }

  /** The first difference found, or empty when {@code actual} holds what {@code expectation} says of the source. */
  public static Optional<String> firstDifference(Path expected, Path actual, Expectation expectation)
      throws IOException {
    Map<Path, Path> sourceOf = new TreeMap<>(); // restored name -> source name
    for (Path source : regularFiles(expected)) {
      expectation.restoredAs().apply(source).ifPresent(restored -> sourceOf.put(restored, source));
    }
    List<Path> want = List.copyOf(sourceOf.keySet());
    List<Path> got = regularFiles(actual);
    if (!want.equals(got)) {
      List<Path> missing = want.stream().filter(p -> !got.contains(p)).limit(3).toList();
      List<Path> extra = got.stream().filter(p -> !want.contains(p)).limit(3).toList();
      return Optional.of("file lists differ: missing " + missing + ", unexpected " + extra);
    }
    byte[] a = new byte[1 << 20];
    byte[] b = new byte[1 << 20];
    List<String> differing = new java.util.ArrayList<>();
    for (Path relative : want) {
      Path source = sourceOf.get(relative);
      long sizeWanted = Files.size(expected.resolve(source));
      long sizeGot = Files.size(actual.resolve(relative));
      boolean cut = expectation.mayBeCut().test(source);
      if (cut ? sizeGot > sizeWanted : sizeGot != sizeWanted) {
        differing.add(relative + " (" + sizeGot + " bytes restored, " + sizeWanted + " in the source)");
        continue;
      }
      try (InputStream x = Files.newInputStream(expected.resolve(source));
          InputStream y = Files.newInputStream(actual.resolve(relative))) {
        for (long left = sizeGot; ; ) { // a cut file is compared over what was restored
          int n = x.readNBytes(a, 0, (int) Math.min(a.length, left));
          int m = y.readNBytes(b, 0, b.length);
          if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
            differing.add(relative + " (content)");
            break;
          }
          if (n == 0) {
            break;
          }
          left -= n;
        }
      }
    }
    if (differing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(differing.size() + " file(s) differ: " + String.join(", ", differing.subList(0,
        Math.min(3, differing.size()))));
  }

  private static Optional<Path> wombatRestoredAs(Path relative) {
    String name = relative.getFileName().toString();
    if (name.startsWith("tmp_")) {
      return Optional.empty();
    }
    Matcher wal = WAL.matcher(name);
    return Optional.of(wal.matches()
        ? relative.resolveSibling("wal_" + (Long.parseLong(wal.group(1)) + 1) + ".log") : relative);
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
