package dev.pouch.bench.jmh;

import dev.pouch.crypto.Aead;
import dev.pouch.crypto.AeadContext;
import dev.pouch.crypto.IntegrityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * crypto's {@link Aead} (AES-256-GCM) seal and open of 64 KiB and 1 MiB messages, steady state. Scores are
 * operations per second; multiply by the size for bytes per second. The start-up behaviour is what
 * {@link dev.pouch.bench.ColdStartCipherCheck} measures; JMH's warm-up hides it by design.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AeadBenchmark {

  @Param({"65536", "1048576"})
  public int bytes;

  private Aead aead;
  private AeadContext context;
  private byte[] plain;
  private byte[] sealed;

  @Setup
  public void setUp() {
    aead = Aead.of(BenchData.key(1));
    context = new AeadContext("chunk", "benchmark", 1);
    plain = java.util.Arrays.copyOf(BenchData.sample(1), bytes);
    sealed = aead.seal(plain, context);
  }

  @Benchmark
  public byte[] seal() {
    return aead.seal(plain, context);
  }

  @Benchmark
  public byte[] open() throws IntegrityException {
    return aead.open(sealed, context);
  }
}
