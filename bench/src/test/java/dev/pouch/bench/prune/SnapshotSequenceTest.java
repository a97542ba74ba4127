package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotSequenceTest {

  private final RepositoryShape shape = new RepositoryShape(50, 100, 3, 4, 64, 16, 0.2, 0.8, 10);

  @Test
  void firstSnapshotFillsEverySlotInOrder() {
    SnapshotSequence sequence = new SnapshotSequence(shape, 1);

    int[] changed = sequence.advance();

    assertThat(changed).hasSize(100);
    assertThat(sequence.slots()[0]).isZero();
    assertThat(sequence.slots()[99]).isEqualTo(99);
  }

  @Test
  void laterSnapshotsReplaceDistinctSlotsWithNewChunks() {
    SnapshotSequence sequence = new SnapshotSequence(shape, 1);
    sequence.advance();
    int[] before = sequence.slots().clone();

    int[] changed = sequence.advance();

    assertThat(changed).hasSize(3).doesNotHaveDuplicates().isSorted();
    int differing = 0;
    for (int i = 0; i < before.length; i++) {
      if (before[i] != sequence.slots()[i]) {
        differing++;
        assertThat(sequence.slots()[i]).isGreaterThanOrEqualTo(100);
      }
    }
    assertThat(differing).isEqualTo(3);
  }

  @Test
  void producesTheShapesChunkCountAndStops() {
    SnapshotSequence sequence = new SnapshotSequence(shape, 1);
    for (int i = 0; i < shape.snapshots(); i++) {
      sequence.advance();
    }

    assertThat(sequence.chunks()).isEqualTo(shape.uniqueChunks());
    assertThat(sequence.produced()).isEqualTo(50);
    assertThatThrownBy(sequence::advance).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void mostChangesHitTheHotSlots() {
    SnapshotSequence sequence = new SnapshotSequence(shape.withSnapshots(50), 7);
    sequence.advance();
    int hot = 0;
    int all = 0;
    for (int i = 1; i < 50; i++) {
      for (int slot : sequence.advance()) {
        all++;
        if (slot < shape.hotSlots()) {
          hot++;
        }
      }
    }
    assertThat((double) hot / all).isBetween(0.6, 0.95);
  }

  @Test
  void sameSeedSameSequence() {
    SnapshotSequence a = new SnapshotSequence(shape, 5);
    SnapshotSequence b = new SnapshotSequence(shape, 5);
    for (int i = 0; i < 10; i++) {
      assertThat(a.advance()).isEqualTo(b.advance());
    }
    assertThat(a.slots()).isEqualTo(b.slots());
  }

  @Test
  void payloadsAreStablePerNumberAndDistinctAcrossNumbers() {
    assertThat(SnapshotSequence.payload(1, 7, 64)).isEqualTo(SnapshotSequence.payload(1, 7, 64)).hasSize(64);
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < 1000; n++) {
      assertThat(seen.add(Arrays.toString(SnapshotSequence.payload(1, n, 16)))).isTrue();
    }
  }
}
