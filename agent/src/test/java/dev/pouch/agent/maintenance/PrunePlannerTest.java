package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import dev.pouch.crypto.IntegrityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrunePlannerTest {

  private static ChunkId chunk(int n) {
    return new ChunkId(n, 0, 0, 0);
  }

  private static PackId pack(int n) {
    return new PackId(String.format("%064x", n));
  }

  /** A pack of 100-byte chunks with the given chunk numbers. */
  private static PackContents contents(int id, int epoch, int... chunks) {
    List<PackEntry> entries = new ArrayList<>();
    for (int i = 0; i < chunks.length; i++) {
      entries.add(new PackEntry(chunk(chunks[i]), 100L * i, 100, 90, false));
    }
    return new PackContents(pack(id), epoch, entries);
  }

  private static Map<PackId, PackContents> indexed(PackContents... packs) {
    Map<PackId, PackContents> m = new HashMap<>();
    for (PackContents p : packs) {
      m.put(p.id(), p);
    }
    return m;
  }

  private static Map<PackId, Long> stored(int... ids) {
    Map<PackId, Long> m = new HashMap<>();
    for (int id : ids) {
      m.put(pack(id), 1000L);
    }
    return m;
  }

  @Test
  void aDuplicatedChunkLivesInTheFullerPackAndTheOtherGoes() throws Exception {
    PrunePlan plan = PrunePlanner.plan(Set.of(chunk(1), chunk(2)), indexed(contents(1, 1, 1, 2),
        contents(2, 1, 1, 3)), stored(1, 2), 0.5, false, 1);
    assertThat(plan.keep()).extracting(PackContents::id).containsExactly(pack(1));
    assertThat(plan.unused()).extracting(PackContents::id).containsExactly(pack(2));
    assertThat(plan.repack()).isEmpty();
  }

  @Test
  void theThresholdDecidesBetweenKeepingAndRepacking() throws Exception {
    Map<PackId, PackContents> packs = indexed(contents(1, 1, 1, 2, 3));
    PrunePlan repack = PrunePlanner.plan(Set.of(chunk(1)), packs, stored(1), 0.5, false, 1);
    assertThat(repack.repack()).singleElement().satisfies(r -> {
      assertThat(r.move()).extracting(PackEntry::chunk).containsExactly(chunk(1));
      assertThat(r.reason()).isEqualTo("33% used");
    });
    PrunePlan keep = PrunePlanner.plan(Set.of(chunk(1)), packs, stored(1), 0.3, false, 1);
    assertThat(keep.keep()).hasSize(1);
    assertThat(keep.changesNothing()).isTrue();
  }

  @Test
  void oldEpochsAreRepackedOnlyWhenAsked() throws Exception {
    Map<PackId, PackContents> packs = indexed(contents(1, 1, 1), contents(2, 2, 2));
    assertThat(PrunePlanner.plan(Set.of(chunk(1), chunk(2)), packs, stored(1, 2), 0.5, false, 2).changesNothing())
        .isTrue();
    PrunePlan rewrite = PrunePlanner.plan(Set.of(chunk(1), chunk(2)), packs, stored(1, 2), 0.5, true, 2);
    assertThat(rewrite.repack()).singleElement().satisfies(r -> {
      assertThat(r.pack().id()).isEqualTo(pack(1));
      assertThat(r.reason()).isEqualTo("key epoch 1");
    });
  }

  @Test
  void unindexedPacksGoAndMissingOnesLeaveTheIndex() throws Exception {
    PrunePlan plan = PrunePlanner.plan(Set.of(chunk(1)), indexed(contents(1, 1, 1), contents(2, 1, 7)),
        stored(1, 3), 0.5, false, 1);
    assertThat(plan.unindexed()).containsExactly(pack(3));
    assertThat(plan.unindexedBytes()).isEqualTo(1000);
    assertThat(plan.missing()).containsExactly(pack(2));
    assertThat(plan.keep()).extracting(PackContents::id).containsExactly(pack(1));
  }

  @Test
  void aUsedChunkInNoStoredPackStopsThePlan() {
    assertThatThrownBy(() -> PrunePlanner.plan(Set.of(chunk(1), chunk(9)), indexed(contents(1, 1, 1),
        contents(2, 1, 9)), stored(1), 0.5, false, 1)).isInstanceOf(IntegrityException.class)
        .hasMessageContaining("1 chunk(s)").hasMessageContaining("repair index");
  }
}
