package dev.pouch.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Checks that a restored tree holds exactly the regular files of the source, byte for byte. */
public final class TreeComparison {

  private TreeComparison() {}

  /** The first difference found, or empty when {@code actual} matches {@code expected}. */
  public static Optional<String> firstDifference(Path expected, Path actual) throws IOException {
    List<Path> want = regularFiles(expected);
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
      long sizeWanted = Files.size(expected.resolve(relative));
      long sizeGot = Files.size(actual.resolve(relative));
      if (sizeWanted != sizeGot) {
        differing.add(relative + " (" + sizeGot + " bytes restored, " + sizeWanted + " in the source)");
        continue;
      }
      try (InputStream x = Files.newInputStream(expected.resolve(relative));
          InputStream y = Files.newInputStream(actual.resolve(relative))) {
        while (true) {
          int n = x.readNBytes(a, 0, a.length);
          int m = y.readNBytes(b, 0, b.length);
          if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
            differing.add(relative + " (content)");
            break;
          }
          if (n == 0) {
            break;
          }
        }
      }
    }
    if (differing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(differing.size() + " file(s) differ: " + String.join(", ", differing.subList(0,
        Math.min(3, differing.size()))));
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
