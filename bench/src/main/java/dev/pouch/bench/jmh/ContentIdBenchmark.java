package dev.pouch.bench.jmh;

import dev.pouch.crypto.ContentIdKey;
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

/** HMAC-SHA256 content ids of a 1 MiB chunk (crypto's {@link ContentIdKey}); ops/s is MiB/s on one core. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContentIdBenchmark {

  private byte[] chunk;
  private ContentIdKey ids;

  @Setup
  public void setUp() {
    chunk = BenchData.sample(1);
    ids = ContentIdKey.of(BenchData.key(2));
  }

  @Benchmark
  @OperationsPerInvocation(1)
  public byte[] hmacSha256OneMiB() {
    return ids.id(chunk);
  }
}
