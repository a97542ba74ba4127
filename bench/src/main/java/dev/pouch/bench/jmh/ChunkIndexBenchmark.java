package dev.pouch.bench.jmh;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.ChunkLocation;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ChunkIndex#find} with 1,000,000 entries (about 1 TB of data at 1 MiB chunks) in 16-chunk packs: a hit for a
 * random stored id, and a miss. Nanoseconds per lookup. The setup also prints the retained heap per entry measured
 * from the heap before and after building the index (an estimate: it depends on GC timing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ChunkIndexBenchmark {

  private static final int ENTRIES = 1_000_000;
  private static final int PER_PACK = 16;

  private ChunkIndex index;
  private ChunkId[] stored;
  private ChunkId[] absent;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(5);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    index = new ChunkIndex();
    stored = new ChunkId[ENTRIES];
    for (int p = 0; p < ENTRIES / PER_PACK; p++) {
      List<PackEntry> entries = new ArrayList<>(PER_PACK);
      for (int i = 0; i < PER_PACK; i++) {
        ChunkId id = new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        stored[p * PER_PACK + i] = id;
        entries.add(new PackEntry(id, (long) i << 20, 1 << 20, 1 << 20, true));
      }
      byte[] packHash = new byte[32];
      random.nextBytes(packHash);
      index.add(new PackContents(PackId.of(packHash), 1, entries));
    }
    System.gc();
    long after = rt.totalMemory() - rt.freeMemory();
    System.out.printf("%nChunkIndex: %d entries, about %d bytes of heap per entry (ids array included)%n",
        index.size(), (after - before) / ENTRIES);
    absent = new ChunkId[4096];
    for (int i = 0; i < absent.length; i++) {
      absent[i] = new ChunkId(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }
    // Shuffle the lookup order so that hits do not walk the map in insertion order.
    for (int i = stored.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      ChunkId t = stored[i];
      stored[i] = stored[j];
      stored[j] = t;
    }
  }

  @Benchmark
  public Optional<ChunkLocation> findStored() {
    next = next + 1 == ENTRIES ? 0 : next + 1;
    return index.find(stored[next]);
  }

  @Benchmark
  public Optional<ChunkLocation> findAbsent() {
    next = (next + 1) & (absent.length - 1);
    return index.find(absent[next]);
  }
}
