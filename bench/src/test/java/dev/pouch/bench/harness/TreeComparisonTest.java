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

  @Test
  void aWombatCaptureLeavesOutTemporariesCutsLogsAndRenumbersWals() throws IOException {
    Path source = tmp.resolve("source");
    Path restored = tmp.resolve("restored");
    write(source, "1.sst", "table");
    write(source, "tmp_7", "leftover");
    write(source, "wal_1.log", "records\0\0\0");
    write(source, "wal_2.log", "more");
    write(source, "vlog_1.dat", "values\0\0");
    write(restored, "vlog_1.dat", "values");
    write(restored, "1.sst", "table");
    write(restored, "wal_2.log", "records");
    write(restored, "wal_3.log", "more");
    TreeComparison.Expectation capture = TreeComparison.Expectation.WOMBAT_CAPTURE;

    assertThat(TreeComparison.firstDifference(source, restored, capture)).isEmpty();
    assertThat(TreeComparison.firstDifference(source, restored)).as("byte for byte it differs")
        .hasValueSatisfying(d -> assertThat(d).startsWith("file lists differ"));
    write(restored, "wal_2.log", "recordX");
    assertThat(TreeComparison.firstDifference(source, restored, capture)).hasValue("1 file(s) differ: wal_2.log "
        + "(content)");
    write(restored, "wal_2.log", "records\0\0\0\0");
    assertThat(TreeComparison.firstDifference(source, restored, capture)).hasValue("1 file(s) differ: wal_2.log "
        + "(11 bytes restored, 10 in the source)");
    write(restored, "1.sst", "tabl");
    write(restored, "wal_2.log", "records");
    assertThat(TreeComparison.firstDifference(source, restored, capture)).as("only WALs may be cut")
        .hasValue("1 file(s) differ: 1.sst (4 bytes restored, 5 in the source)");
  }

  private static void write(Path root, String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }
}
