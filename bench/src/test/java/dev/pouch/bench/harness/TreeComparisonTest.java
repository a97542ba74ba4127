package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeComparisonTest {

  @TempDir Path tmp;

  @Test
  void identicalTreesMatch() throws IOException {
    write(tmp.resolve("a"), "x/1.sst", "same");
    write(tmp.resolve("b"), "x/1.sst", "same");

    assertThat(TreeComparison.firstDifference(tmp.resolve("a"), tmp.resolve("b"))).isEmpty();
  }

  @Test
  void reportsChangedContentAndMissingFiles() throws IOException {
    write(tmp.resolve("a"), "1.sst", "left");
    write(tmp.resolve("b"), "1.sst", "rite");
    write(tmp.resolve("a"), "MANIFEST", "m");

    assertThat(TreeComparison.firstDifference(tmp.resolve("a"), tmp.resolve("b")))
        .hasValueSatisfying(d -> assertThat(d).contains("missing [MANIFEST]"));
    write(tmp.resolve("b"), "MANIFEST", "m");
    assertThat(TreeComparison.firstDifference(tmp.resolve("a"), tmp.resolve("b")))
        .hasValue("1 file(s) differ: 1.sst (content)");
    write(tmp.resolve("b"), "1.sst", "lef");
    assertThat(TreeComparison.firstDifference(tmp.resolve("a"), tmp.resolve("b")))
        .hasValue("1 file(s) differ: 1.sst (3 bytes restored, 4 in the source)");
  }

  private static void write(Path root, String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
