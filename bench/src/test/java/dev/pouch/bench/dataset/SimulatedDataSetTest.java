package dev.pouch.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedDataSetTest {

  @TempDir Path tmp;

  @Test
  void simulatorDirectorySurvivesACompactionWithValidTables() throws IOException {
    Path dir = tmp.resolve("d");
    WombatDataSet.Generated g = SimulatedDataSet.generate(dir, 6L << 20, Mix.MIXED, 3);
    assertThat(g.tables()).isPositive();

    Compaction.Result result = Compaction.rewrite(dir, 0.10, 4);

    assertThat(result.removed()).isNotEmpty();
    for (int id : Compaction.tableIds(dir)) {
      assertThat(SstFile.read(dir.resolve(id + ".sst")).records()).isNotEmpty();
    }
    for (String removed : result.removed()) {
      String id = removed.replace(".sst", "");
      assertThat(dir.resolve("MANIFEST")).content().contains("\"type\":\"delete_table\"")
          .contains("\"id\":" + id + ",");
    }
  }
}
