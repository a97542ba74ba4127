package dev.pouch.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {

  @TempDir Path tmp;

  @Test
  void rewritesTheOldestTenthOfTablesKeepingMostRecords() throws IOException {
    Path dir = tmp.resolve("d");
    WombatDataSet.generate(dir, new DataSetSpec(20L << 20, Mix.SST_HEAVY, 3, 512 * 1024, 1 << 20, 4L << 20));
    List<Integer> before = Compaction.tableIds(dir);
    Set<String> keysBefore = keys(dir, before.subList(0, 4));

    Compaction.Result result = Compaction.rewrite(dir, 0.10, 11);

    assertThat(before).hasSize(34);
    assertThat(result.removed()).containsExactly("1.sst", "2.sst", "3.sst", "4.sst");
    assertThat(result.added()).hasSizeBetween(3, 5).allMatch(n -> Integer.parseInt(n.replace(".sst", "")) > 34);
    List<Integer> after = Compaction.tableIds(dir);
    assertThat(after).doesNotContain(1, 2, 3, 4);
    List<Integer> outputs = after.stream().filter(id -> id > 34).toList();
    Set<String> keysAfter = keys(dir, outputs);
    Set<String> kept = new HashSet<>(keysBefore);
    kept.retainAll(keysAfter);
    assertThat((double) kept.size() / keysBefore.size()).isBetween(0.90, 0.9999);
    assertThat(dir.resolve("MANIFEST")).content().contains("\"type\":\"delete_table\"");
  }

  @Test
  void outputTablesStayInKeyOrder() throws IOException {
    Path dir = tmp.resolve("d");
    WombatDataSet.generate(dir, new DataSetSpec(4L << 20, Mix.SST_HEAVY, 5, 256 * 1024, 1 << 20, 4L << 20));

    Compaction.Result result = Compaction.rewrite(dir, 0.5, 2);

    List<byte[]> keys = new ArrayList<>();
    for (String name : result.added()) {
      SstFile.read(dir.resolve(name)).records().forEach(r -> keys.add(r.key()));
    }
    for (int i = 1; i < keys.size(); i++) {
      assertThat(Arrays.compareUnsigned(keys.get(i - 1), keys.get(i))).isNegative();
    }
  }

  @Test
  void aDirectoryWithoutTablesHasNothingToCompact() throws IOException {
    Path dir = tmp.resolve("empty");
    java.nio.file.Files.createDirectories(dir);

    assertThat(Compaction.tableCount(dir)).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Compaction.rewrite(dir, 0.1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no SSTables");
  }

  private static Set<String> keys(Path dir, List<Integer> ids) throws IOException {
    Set<String> keys = new HashSet<>();
    for (int id : ids) {
      SstFile.read(dir.resolve(id + ".sst")).records().forEach(r -> keys.add(new String(r.key())));
    }
    return keys;
  }
}
