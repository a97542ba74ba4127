package dev.pouch.storage.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitedStorageBackendTest {

  private static final long MB = 1_000_000;

  private final ManualTime time = new ManualTime();
  private final MemoryStorageBackend memory = MemoryStorageBackend.create();

  private RateLimitedStorageBackend limited(long upload, long download) {
    return RateLimitedStorageBackend.of(memory, BandwidthLimits.of(upload, download), time::nanoTime,
        time.sleeper());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  @Test
  void uploadRateHoldsWithinTenPercentOverASimulatedWindow() throws Exception {
    RateLimitedStorageBackend limited = limited(2 * MB, BandwidthLimits.UNLIMITED);
    long start = time.nanoTime();

    for (int i = 0; i < 20; i++) {
      limited.put(BlobKey.of("data/" + i), BlobContent.of(new byte[1_000_000]), PutMode.CREATE_OR_REPLACE);
    }

    double rate = 20 * MB / seconds(time.nanoTime() - start);
    assertThat(rate).isCloseTo(2 * MB, within(0.1 * 2 * MB));
    assertThat(memory.totalBytes()).isEqualTo(20 * MB);
  }

  @Test
  void downloadRateHoldsWithinTenPercentOverASimulatedWindow() throws Exception {
    memory.put(BlobKey.of("big"), BlobContent.of(new byte[12_000_000]), PutMode.CREATE_OR_REPLACE);
    RateLimitedStorageBackend limited = limited(BandwidthLimits.UNLIMITED, 3 * MB);
    long start = time.nanoTime();

    long read;
    try (InputStream in = limited.open(BlobKey.of("big"))) {
      read = in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    assertThat(read).isEqualTo(12 * MB);
    double rate = read / seconds(time.nanoTime() - start);
    assertThat(rate).isCloseTo(3 * MB, within(0.1 * 3 * MB));
  }

  @Test
  void directionsAreLimitedIndependently() throws Exception {
    RateLimitedStorageBackend limited = limited(BandwidthLimits.UNLIMITED, MB);

    limited.put(BlobKey.of("k"), BlobContent.of(new byte[5_000_000]), PutMode.CREATE_OR_REPLACE);
    assertThat(time.sleeps()).isZero();

    long start = time.nanoTime();
    try (InputStream in = limited.open(BlobKey.of("k"))) {
      in.readAllBytes();
    }
    assertThat(seconds(time.nanoTime() - start)).isCloseTo(4.9, within(0.2)); // 5 MB at 1 MB/s less the burst
  }

  @Test
  void unlimitedBackendNeverWaits() throws Exception {
    RateLimitedStorageBackend limited = limited(BandwidthLimits.UNLIMITED, BandwidthLimits.UNLIMITED);

    limited.put(BlobKey.of("k"), BlobContent.of(new byte[3_000_000]), PutMode.CREATE_OR_REPLACE);
    try (InputStream in = limited.open(BlobKey.of("k"))) {
      in.readAllBytes();
    }

    assertThat(time.sleeps()).isZero();
  }

  @Test
  void callsShareOneBucketPerDirection() throws Exception {
    memory.put(BlobKey.of("a"), BlobContent.of(new byte[2_000_000]), PutMode.CREATE_OR_REPLACE);
    memory.put(BlobKey.of("b"), BlobContent.of(new byte[2_000_000]), PutMode.CREATE_OR_REPLACE);
    RateLimitedStorageBackend limited = limited(BandwidthLimits.UNLIMITED, MB);
    long start = time.nanoTime();

    // two interleaved readers, as two threads would be: together they get the rate, not each
    try (InputStream a = limited.open(BlobKey.of("a")); InputStream b = limited.open(BlobKey.of("b"))) {
      byte[] buffer = new byte[50_000];
      while (a.read(buffer) > 0 | b.read(buffer) > 0) {
        // drain both
      }
    }

    assertThat(seconds(time.nanoTime() - start)).isCloseTo(4.0, within(0.4));
  }

  @Test
  void burstAfterAQuietSpellIsATenthOfASecond() throws Exception {
    TokenBucket bucket = new TokenBucket(MB, time::nanoTime, time.sleeper());
    time.advance(Duration.ofMinutes(5));

    bucket.take(100_000);
    assertThat(time.sleeps()).isZero();
    bucket.take(100_000);
    assertThat(time.sleeps()).isEqualTo(1);
  }

  @Test
  void interruptedWaitSurfacesAsInterruptedIoException() throws Exception {
    memory.put(BlobKey.of("k"), BlobContent.of(new byte[1_000_000]), PutMode.CREATE_OR_REPLACE);
    RateLimitedStorageBackend limited = RateLimitedStorageBackend.of(memory, BandwidthLimits.of(0, MB),
        time::nanoTime, duration -> {
          throw new InterruptedException();
        });

    try (InputStream in = limited.open(BlobKey.of("k"))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void limitsRejectNegativeRates() {
    assertThatThrownBy(() -> BandwidthLimits.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(BandwidthLimits.unlimited().limitsUpload()).isFalse();
    assertThat(BandwidthLimits.of(5, 0).limitsUpload()).isTrue();
  }
}
