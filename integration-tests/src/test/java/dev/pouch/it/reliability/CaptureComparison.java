package dev.pouch.it.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares a restored tree with the directory it was backed up from, allowing exactly what a consistent Wombat
 * capture changes: WAL segments, value logs and the MANIFEST may be cut at their last valid record (the restored
 * file is then a prefix of the source file: preallocated zero tails and torn records stay behind), and temporary
 * files ({@code tmp_*}, {@code *.tmp}) are left out. Everything else must be byte-identical; a plain capture of a
 * static directory therefore has to match it entirely. The source must not change between backup and comparison.
 */
public final class CaptureComparison {

  private static final Pattern MAY_BE_CUT = Pattern.compile("(?i).*(wal|vlog|manifest)[^/]*$");
  private static final Pattern TEMPORARY = Pattern.compile("(^|.*/)(tmp_[^/]*|[^/]*\\.tmp)$");

  private CaptureComparison() {}

  /** The differences between {@code restored} and {@code source}, one line each; empty when the restore is right. */
  public static List<String> differences(Path source, Path restored) throws IOException {
    TreeDigest from = TreeDigest.of(source);
    TreeDigest got = TreeDigest.of(restored);
    List<String> problems = new ArrayList<>();
    for (String name : got.entries().keySet()) {
      String expected = from.entries().get(name);
      String actual = got.entries().get(name);
      if (expected == null) {
        problems.add(name + ": restored, but not in the source");
      } else if (!expected.equals(actual)) {
        boolean bothFiles = expected.startsWith("file ") && actual.startsWith("file ");
        if (!bothFiles || !MAY_BE_CUT.matcher(name).matches() || !isPrefix(restored.resolve(name),
            source.resolve(name))) {
          problems.add(name + ": source " + expected + ", restored " + actual);
        }
      }
    }
    for (String name : from.entries().keySet()) {
      if (!got.entries().containsKey(name) && !TEMPORARY.matcher(name).matches()) {
        problems.add(name + ": in the source, missing from the restore");
      }
    }
    return problems;
  }

  private static boolean isPrefix(Path shorter, Path longer) throws IOException {
    if (Files.size(shorter) > Files.size(longer)) {
      return false;
    }
    try (InputStream a = Files.newInputStream(shorter); InputStream b = Files.newInputStream(longer)) {
      byte[] x = new byte[64 * 1024];
      byte[] y = new byte[64 * 1024];
      for (int n = a.readNBytes(x, 0, x.length); n > 0; n = a.readNBytes(x, 0, x.length)) {
        if (b.readNBytes(y, 0, n) != n || !Arrays.equals(x, 0, n, y, 0, n)) {
          return false;
        }
      }
      return true;
    }
  }
}
