package dev.pouch.bench.jmh;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackSpool;
import dev.pouch.agent.pack.PackWriter;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.ContentIdKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link PackWriter}: sealing compressed chunks into a pack in the spool directory until it reaches the 16 MiB
 * target, then {@code finish} (sealed header, trailer, SHA-256 naming). Time per pack; this is the serial part of the
 * backup workers (they hold the pack lock while sealing into the pack).
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
  /** A chunk as the pipeline hands it to the pack: its id, the bytes to seal, its raw length. */
  private record Payload(ChunkId id, byte[] bytes, int rawLength, boolean compressed) {}

  private final List<Payload> payloads = new ArrayList<>();
  private byte[] scratch;

  @Setup
  public void setUp() {
    aead = Aead.of(BenchData.key(1));
    ContentIdKey ids = ContentIdKey.of(BenchData.key(2));
    ChunkCompressor compressor = ChunkCompressor.zstd(3);
    long total = 0;
    for (byte[] chunk : BenchData.chunks(BenchData.sample(40))) {
      ChunkId id = ChunkId.of(ids.id(chunk));
      Payload p = compressor.compress(chunk, (bytes, offset, length, compressed) ->
          new Payload(id, Arrays.copyOfRange(bytes, offset, offset + length), chunk.length, compressed));
      payloads.add(p);
      total += p.bytes().length + Aead.OVERHEAD;
      if (total >= PACK_TARGET_BYTES) {
        break;
      }
    }
  }

  @Benchmark
  public PackContents writeOnePack() throws IOException {
    PackWriter writer = new PackWriter(aead, 1, PackSpool.temporary(), scratch);
    for (Payload p : payloads) {
      writer.seal(p.id(), p.bytes(), 0, p.bytes().length, p.rawLength(), p.compressed());
    }
    scratch = writer.scratch();
    try (PackWriter.FinishedPack finished = writer.finish()) {
      return finished.contents();
    }
  }
}
