package dev.pouch.bench.jmh;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.agent.pack.PackFormat;
import dev.pouch.agent.pack.PackWriter;
import dev.pouch.agent.pack.SealedChunk;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.ContentIdKey;
import java.util.ArrayList;
import java.util.List;
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
 * {@link PackWriter}: appending already-sealed chunks until a pack reaches the 16 MiB target, then {@code finish}
 * (sealed header, trailer, SHA-256 naming). Time per pack; this is the serial part of the backup workers (they hold
 * the pack lock while appending).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PackWriterBenchmark {

  private static final int PACK_TARGET_BYTES = 16 << 20;

  private Aead aead;
  private final List<SealedChunk> sealed = new ArrayList<>();

  @Setup
  public void setUp() {
    aead = Aead.of(BenchData.key(1));
    ContentIdKey ids = ContentIdKey.of(BenchData.key(2));
    ChunkCompressor compressor = ChunkCompressor.zstd(3);
    long total = 0;
    for (byte[] chunk : BenchData.chunks(BenchData.sample(40))) {
      ChunkId id = ChunkId.of(ids.id(chunk));
      byte[] packed = compressor.compress(chunk);
      byte[] s = aead.seal(packed == null ? chunk : packed, PackFormat.chunkContext(id, 1));
      sealed.add(new SealedChunk(id, s, chunk.length, packed != null));
      total += s.length;
      if (total >= PACK_TARGET_BYTES) {
        break;
      }
    }
  }

  @Benchmark
  public PackWriter.FinishedPack writeOnePack() {
    PackWriter writer = new PackWriter(aead, 1, PACK_TARGET_BYTES);
    for (SealedChunk c : sealed) {
      writer.add(c);
    }
    return writer.finish();
  }
}
