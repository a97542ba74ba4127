package dev.pouch.agent.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ChunkIndexTest {

  private static ChunkId id(Random random) {
    return new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  private static PackId packId(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PackId.of(bytes);
  }

  /** {@code count} entries of new ids, with a few ids of {@code reuse} among them (a chunk stored twice). */
  private static PackContents pack(Random random, int epoch, int count, List<ChunkId> reuse) {
    List<PackEntry> entries = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < count; i++) {
      ChunkId id = !reuse.isEmpty() && random.nextInt(10) == 0 ? reuse.get(random.nextInt(reuse.size())) : id(random);
      int stored = 29 + random.nextInt(1 << 20);
      entries.add(new PackEntry(id, offset, stored, stored - 28 + random.nextInt(100), random.nextBoolean()));
      offset += stored;
    }
    return new PackContents(packId(random), epoch, entries);
  }

  @Test
  void findsWhatAMapOfTheFirstLocationsWouldAcrossGrowth() {
    Random random = new Random(12);
    ChunkIndex index = new ChunkIndex();
    Map<ChunkId, ChunkLocation> oracle = new HashMap<>();
    Set<PackId> packs = new HashSet<>();
    List<ChunkId> seen = new ArrayList<>();
    for (int p = 0; p < 300; p++) {
      PackContents pack = pack(random, 1 + p % 3, 1 + random.nextInt(200), seen);
      index.add(pack);
      packs.add(pack.id());
      for (PackEntry e : pack.entries()) {
        oracle.putIfAbsent(e.chunk(), new ChunkLocation(pack.id(), pack.epoch(), e));
        seen.add(e.chunk());
      }
    }
    index.add(new PackContents(packs.iterator().next(), 1, List.of())); // a pack added again changes nothing

    assertThat(index.size()).isEqualTo(oracle.size());
    assertThat(index.packs()).isEqualTo(packs);
    for (Map.Entry<ChunkId, ChunkLocation> e : oracle.entrySet()) {
      assertThat(index.contains(e.getKey())).isTrue();
      assertThat(index.find(e.getKey())).contains(e.getValue());
    }
    for (int i = 0; i < 10_000; i++) {
      ChunkId absent = id(random);
      assertThat(index.contains(absent)).isFalse();
      assertThat(index.find(absent)).isEmpty();
    }
    Map<ChunkId, ChunkLocation> walked = new HashMap<>();
    index.forEach(loc -> walked.put(loc.entry().chunk(), loc));
    assertThat(walked).isEqualTo(oracle);
  }

  @Test
  void idsSharingTheirFirstWordAreKeptApart() {
    ChunkIndex index = new ChunkIndex();
    List<PackEntry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // the same hash slot for all: only the other words tell them apart
      entries.add(new PackEntry(new ChunkId(42, i, i % 7, i % 3), 100L * i, 100, 72, false));
    }
    PackContents pack = new PackContents(packId(new Random(1)), 2, entries);
    index.add(pack);
    for (PackEntry e : entries) {
      assertThat(index.find(e.chunk())).contains(new ChunkLocation(pack.id(), 2, e));
    }
    assertThat(index.contains(new ChunkId(42, 100, 0, 0))).isFalse();
  }

  @Test
  void packsAddedFromManyThreadsAreAllFound() throws Exception {
    ChunkIndex index = new ChunkIndex();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PackContents>> added = new ArrayList<>();
      for (int t = 0; t < 40; t++) {
        int seed = t;
        added.add(pool.submit(() -> {
          PackContents pack = pack(new Random(seed), 1, 500, List.of());
          index.add(pack);
          return pack;
        }));
      }
      for (Future<PackContents> f : added) {
        PackContents pack = f.get();
        for (PackEntry e : pack.entries()) {
          assertThat(index.find(e.chunk())).contains(new ChunkLocation(pack.id(), 1, e));
        }
      }
      assertThat(index.size()).isEqualTo(40 * 500);
    } finally {
      pool.shutdownNow();
    }
  }
}
