package dev.pouch.bench.jmh;

import dev.pouch.agent.chunking.ChunkReader;
import dev.pouch.agent.chunking.FastCdcChunker;
import dev.pouch.crypto.ContentIdKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * FastCDC over 64 MiB of Wombat-shaped data with the default parameters (min 512 KiB, avg 1 MiB, max 8 MiB). One
 * operation is one MiB, so the score in ops/s is MiB/s on one core. {@code cutPoints} is the scan alone;
 * {@code chunkReader} adds the stream reads and the copy of each chunk; {@code chunkAndHash} adds the HMAC-SHA256
 * content id, which is the caller-thread part of a backup (issue 4's "chunking+hashing per core").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ChunkingBenchmark {

  private static final int SAMPLE_MIB = 64;

  private byte[] sample;
  private FastCdcChunker chunker;
  private ContentIdKey ids;

  @Setup
  public void setUp() {
    sample = BenchData.sample(SAMPLE_MIB);
    chunker = BenchData.chunker();
    ids = ContentIdKey.of(BenchData.key(2));
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLE_MIB)
  public int cutPoints() {
    int chunks = 0;
    for (int offset = 0; offset < sample.length; chunks++) {
      offset += chunker.nextCut(sample, offset, sample.length - offset);
    }
    return chunks;
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLE_MIB)
  public void chunkReader(Blackhole bh) throws IOException {
    ChunkReader reader = new ChunkReader(chunker, new ByteArrayInputStream(sample));
    for (byte[] c = reader.next(); c != null; c = reader.next()) {
      bh.consume(c);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLE_MIB)
  public void chunkAndHash(Blackhole bh) throws IOException {
    ChunkReader reader = new ChunkReader(chunker, new ByteArrayInputStream(sample));
    for (byte[] c = reader.next(); c != null; c = reader.next()) {
      bh.consume(ids.id(c));
    }
  }
}
