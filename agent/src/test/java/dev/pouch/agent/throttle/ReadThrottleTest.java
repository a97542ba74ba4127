package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadThrottleTest {

  private static final long MIB = 1L << 20;
  private static final long SECOND = 1_000_000_000L;

  private final ManualTime time = new ManualTime();

  /** An endless source of zeros, as fast as memory. */
  private static InputStream zeros() {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return len;
      }
    };
  }

  /** Cumulative bytes read at the simulated time of each read's return. */
  private record Trace(List<Long> nanos, List<Long> bytes) {
    long bytesAt(long t) {
      long at = 0;
      for (int i = 0; i < nanos.size() && nanos.get(i) <= t; i++) {
        at = bytes.get(i);
      }
      return at;
    }
  }

  /** Reads 1 MiB at a time (as the chunker asks) from each stream in turn until {@code seconds} have passed. */
  private Trace readFor(long seconds, InputStream... streams) throws IOException {
    List<Long> nanos = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    long start = time.nanoTime();
    long total = 0;
    byte[] buffer = new byte[(int) MIB];
    for (int i = 0; time.nanoTime() - start < seconds * SECOND; i++) {
      total += streams[i % streams.length].read(buffer, 0, buffer.length);
      nanos.add(time.nanoTime() - start);
      bytes.add(total);
    }
    return new Trace(nanos, bytes);
  }

  @Test
  void readLimitHoldsWithinTenPercentInEveryThirtySecondWindow() throws IOException {
    long limit = 50 * MIB;
    ReadThrottle throttle = new ReadThrottle(limit, time::nanoTime, time.sleeper());

    Trace trace = readFor(120, throttle.wrap(zeros()));

    for (long start = 0; start <= 90; start++) {
      long inWindow = trace.bytesAt((start + 30) * SECOND) - trace.bytesAt(start * SECOND);
      assertThat((double) inWindow).as("bytes read in [%d s, %d s)", start, start + 30)
          .isCloseTo(limit * 30.0, within(limit * 30.0 * 0.10));
    }
  }

  @Test
  void streamsOfOneThrottleShareItsLimit() throws IOException {
    long limit = 50 * MIB;
    ReadThrottle throttle = new ReadThrottle(limit, time::nanoTime, time.sleeper());

    Trace trace = readFor(30, throttle.wrap(zeros()), throttle.wrap(zeros()), throttle.wrap(zeros()));

    assertThat((double) trace.bytesAt(30 * SECOND)).isCloseTo(limit * 30.0, within(limit * 30.0 * 0.10));
  }

  @Test
  void threadsReadingAtOnceQueueBehindOneBudget() throws Exception {
    // The clock stands still: every byte taken becomes debt, and the last taker is told to wait for all of it.
    long limit = 10 * MIB;
    AtomicLong longestWait = new AtomicLong();
    ReadThrottle throttle = new ReadThrottle(limit, () -> 0L,
        d -> longestWait.accumulateAndGet(d.toNanos(), Math::max));
    int threads = 4;
    long perThread = 16 * MIB;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          InputStream in = throttle.wrap(zeros());
          byte[] buffer = new byte[256 * 1024];
          long read = 0;
          while (read < perThread) {
            read += in.read(buffer, 0, buffer.length);
          }
          return read;
        }));
      }
      go.countDown();
      for (Future<Long> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    double allBytesAtLimit = (threads * perThread - limit / 10.0) / limit;
    assertThat(longestWait.get() / 1e9).isCloseTo(allBytesAtLimit, within(allBytesAtLimit * 0.01));
    assertThat(throttle.usage().bytes()).isEqualTo(threads * perThread);
  }

  @Test
  void aNewLimitTakesEffectAtOnce() throws IOException {
    ReadThrottle throttle = new ReadThrottle(50 * MIB, time::nanoTime, time.sleeper());
    InputStream in = throttle.wrap(zeros());
    readFor(10, in);
    ReadThrottle.Usage before = throttle.usage();

    throttle.setLimit(10 * MIB);
    readFor(30, in);

    assertThat(throttle.usage().bytesPerSecondSince(before)).isCloseTo(10.0 * MIB, within(0.10 * 10 * MIB));
  }

  @Test
  void unlimitedNeverWaitsButCountsEveryByte() throws IOException {
    ReadThrottle throttle = new ReadThrottle(ReadThrottle.UNLIMITED, time::nanoTime, d -> {
      throw new AssertionError("an unlimited throttle slept for " + d);
    });
    InputStream in = throttle.wrap(zeros());

    for (int i = 0; i < 100; i++) {
      in.read(new byte[(int) MIB]);
    }

    assertThat(throttle.usage().bytes()).isEqualTo(100 * (long) ThrottledInputStream.MAX_SLICE_BYTES);
  }

  @Test
  void averageLimitIsWeightedByTime() {
    ReadThrottle throttle = new ReadThrottle(40 * MIB, time::nanoTime, time.sleeper());
    ReadThrottle.Usage start = throttle.usage();

    time.advance(Duration.ofSeconds(10));
    throttle.setLimit(20 * MIB);
    time.advance(Duration.ofSeconds(30));

    assertThat(throttle.usage().averageLimitSince(start)).hasValue(25.0 * MIB);
  }

  @Test
  void averageLimitIsUnknownWhenReadsWereUnlimitedForAWhile() {
    ReadThrottle throttle = new ReadThrottle(40 * MIB, time::nanoTime, time.sleeper());
    ReadThrottle.Usage start = throttle.usage();

    time.advance(Duration.ofSeconds(10));
    throttle.setLimit(ReadThrottle.UNLIMITED);
    time.advance(Duration.ofSeconds(1));

    assertThat(throttle.usage().averageLimitSince(start)).isEmpty();
  }
}
