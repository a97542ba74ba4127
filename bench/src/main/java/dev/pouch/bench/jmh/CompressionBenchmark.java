package dev.pouch.bench.jmh;

import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.crypto.Aead;
import dev.pouch.crypto.AeadContext;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The agent's {@link ChunkCompressor} (zstd with a skip probe) on 16 MiB of Wombat-shaped data cut into
 * content-defined chunks, at zstd levels 1 and 3; {@code compressAndSeal} adds AES-GCM as the backup workers do
 * (issue 4's "zstd+AES-GCM per core"); {@code decompress} is the restore side. ops/s is MiB/s of raw data on one
 * core. The compression ratio of each level is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompressionBenchmark {

  private static final int SAMPLE_MIB = 16;

  @Param({"1", "3"})
  public int level;

  private List<byte[]> chunks;
  private byte[][] compressed;
  private ChunkCompressor compressor;
  private Aead aead;
  private AeadContext context;

  @Setup
  public void setUp() {
    byte[] sample = BenchData.sample(SAMPLE_MIB);
    chunks = BenchData.chunks(sample);
    compressor = ChunkCompressor.zstd(level);
    aead = Aead.of(BenchData.key(1));
    context = new AeadContext("chunk", "benchmark", 1);
    compressed = new byte[chunks.size()][];
    long packed = 0;
    for (int i = 0; i < chunks.size(); i++) {
      compressed[i] = compressor.compress(chunks.get(i), (bytes, offset, length, isCompressed) ->
          isCompressed ? Arrays.copyOfRange(bytes, offset, offset + length) : null);
      packed += compressed[i] == null ? chunks.get(i).length : compressed[i].length;
    }
    System.out.printf("%nzstd level %d: %d chunks, ratio %.2f%n", level, chunks.size(),
        (double) sample.length / packed);
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLE_MIB)
  public void compress(Blackhole bh) {
    for (byte[] c : chunks) {
      bh.consume(compressor.compress(c, (bytes, offset, length, isCompressed) -> length));
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLE_MIB)
  public void compressAndSeal(Blackhole bh) {
    for (byte[] c : chunks) {
      bh.consume(compressor.compress(c, (bytes, offset, length, isCompressed) ->
          aead.seal(bytes, offset, length, context)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLE_MIB)
  public void decompress(Blackhole bh) throws java.io.IOException {
    for (int i = 0; i < compressed.length; i++) {
      if (compressed[i] != null) {
        bh.consume(ChunkCompressor.decompress(compressed[i], chunks.get(i).length));
      }
    }
  }
}
