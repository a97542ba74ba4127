package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepositoryShapeTest {

  @Test
  void hundredGibInTenThousandDailySnapshots() {
    RepositoryShape shape = RepositoryShape.of(10_000, 100);

    // 102,400 distinct chunks = S + 9,999 x 1% of S, so S = 102,400 / 100.99
    assertThat(shape.chunksPerSnapshot()).isEqualTo(1014);
    assertThat(shape.newChunksPerSnapshot()).isEqualTo(10);
    assertThat(shape.uniqueChunks()).isEqualTo(1014 + 9_999L * 10);
    assertThat(shape.logicalGib()).isBetween(98.0, 100.0);
    assertThat(shape.packs()).isEqualTo(64 + 9_999);
    assertThat(shape.keepLast()).isEqualTo(3_000);
  }

  @Test
  void fewerSnapshotsKeepTheSnapshotSizeAndScaleTheRepository() {
    RepositoryShape large = RepositoryShape.of(10_000, 100);
    RepositoryShape small = large.withSnapshots(1_000);

    assertThat(small.chunksPerSnapshot()).isEqualTo(large.chunksPerSnapshot());
    assertThat(small.newChunksPerSnapshot()).isEqualTo(large.newChunksPerSnapshot());
    assertThat(small.uniqueChunks()).isEqualTo(1014 + 999L * 10);
    assertThat(small.keepLast()).isEqualTo(300);
  }

  @Test
  void filesSplitTheSlotsWithoutGapsOrOverlap() {
    RepositoryShape shape = new RepositoryShape(3, 10, 1, 4, 64, 16, 0.2, 0.8, 1);

    int total = 0;
    for (int f = 0; f < shape.files(); f++) {
      assertThat(shape.firstSlotOf(f)).isEqualTo(total);
      total += shape.slotsOf(f);
    }
    assertThat(total).isEqualTo(10);
    assertThat(shape.firstSlotOf(shape.files())).isEqualTo(10);
  }

  @Test
  void packsCountFirstBackupInFullPacksAndOnePerLaterBackup() {
    RepositoryShape shape = new RepositoryShape(5, 33, 2, 1, 64, 16, 0.2, 0.8, 1);

    assertThat(shape.packsOf(33)).isEqualTo(3);
    assertThat(shape.packs()).isEqualTo(3 + 4);
  }

  @Test
  void refusesImpossibleShapes() {
    assertThatThrownBy(() -> new RepositoryShape(1, 10, 11, 1, 64, 16, 0.2, 0.8, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RepositoryShape(1, 3, 1, 4, 64, 16, 0.2, 0.8, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RepositoryShape(2, 10, 1, 1, 64, 16, 0.2, 0.8, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RepositoryShape.of(0, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
