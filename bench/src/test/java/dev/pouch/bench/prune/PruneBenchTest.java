package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PruneBenchTest {

  @Test
  void readsResticPrunesCounts() {
    String out = """
        to repack:           883 blobs / 666.111 KiB
        repacking packs
        [0:00] 100.00%  29 / 29 packs repacked

        rebuilding index
        [0:00] 100.00%  2 / 2 packs processed

        deleting obsolete index files
        [0:00] 100.00%  20 / 20 files deleted

        removing 40 old packs
        [0:00] 100.00%  40 / 40 files deleted

        done
        """;

    assertThat(PruneBench.resticPacks(out)).isEqualTo("repacked 29, removed 40, index files deleted 20");
  }

  @Test
  void nothingToPruneGivesNoCounts() {
    assertThat(PruneBench.resticPacks("loading indexes...\ndone\n")).isNull();
  }

  @Test
  void describesPouchsReport() {
    assertThat(PruneBench.describe(7000, 0, 12, 1, 10_000, 1))
        .isEqualTo("deleted 7,000 unused + 0 unindexed, repacked 12 into 1; index objects 10,000 -> 1");
  }
}
