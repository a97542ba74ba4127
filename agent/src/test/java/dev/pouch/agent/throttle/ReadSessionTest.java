package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import dev.pouch.agent.source.SourceEntry.Growth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadSessionTest {

  private static final long MIB = 1L << 20;

  @TempDir Path dir;

  private final ManualTime time = new ManualTime();
  /** Ticks are driven by the tests; the scheduler only has to exist (its period is far beyond any test). */
  private final ScheduledExecutorService idleScheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopScheduler() {
    idleScheduler.shutdownNow();
  }

  private static byte[] content(int length, long seed) {
    byte[] b = new byte[length];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** Writes with O_DIRECT, which leaves none of the file's pages in the page cache; false if refused here. */
  private static boolean writeUncached(Path file, byte[] data) throws IOException {
    int block = (int) Files.getFileStore(file.getParent()).getBlockSize();
    int padded = (data.length + block - 1) / block * block;
    ByteBuffer buffer = ByteBuffer.allocateDirect(padded + block).alignedSlice(block);
    buffer.put(data).put(new byte[padded - data.length]).flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        ExtendedOpenOption.DIRECT)) {
      while (buffer.hasRemaining()) {
        ch.write(buffer, buffer.position());
      }
      ch.truncate(data.length);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      return false;
    }
    return true;
  }

  private static byte[] readAll(ReadSession session, Path file, long position, Growth growth) throws IOException {
    try (InputStream in = session.open(file, position, growth)) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsEveryByteFromAnyPositionWhetherCachedOrNot() throws IOException {
    byte[] data = content((int) (3 * MIB + 12345), 1);
    Path uncached = dir.resolve("cold.sst");
    assumeTrue(writeUncached(uncached, data), "O_DIRECT writes are refused on this filesystem");
    Path cached = Files.write(dir.resolve("hot.sst"), data);

    try (ReadSession session = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE).begin()) {
      for (long position : new long[] {0, 1, 4095, 4096, 5000, MIB + 17, data.length - 1, data.length}) {
        byte[] expected = Arrays.copyOfRange(data, (int) position, data.length);
        assertThat(readAll(session, uncached, position, Growth.IMMUTABLE)).as("cold from %d", position)
            .isEqualTo(expected);
        assertThat(readAll(session, cached, position, Growth.IMMUTABLE)).as("hot from %d", position)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void gentleWindowsReadTheSameBytesPastTheCache() throws IOException {
    byte[] data = content((int) (MIB + 200_000), 3);
    Path uncached = dir.resolve("cold-gentle.sst");
    assumeTrue(writeUncached(uncached, data), "O_DIRECT writes are refused on this filesystem");
    SourceReads gentle = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE)
        .withDirectWindow(DirectIo.GENTLE_WINDOW_BYTES);
    assertThat(gentle.directWindowBytes()).isEqualTo(128 * 1024);

    ReadReport report;
    try (ReadSession session = gentle.begin()) {
      for (long position : new long[] {0, 131_071, 131_072, 131_073, 300_000, data.length - 1}) {
        assertThat(readAll(session, uncached, position, Growth.IMMUTABLE)).as("from %d", position)
            .isEqualTo(Arrays.copyOfRange(data, (int) position, data.length));
      }
      report = session.report();
    }
    assertThat(report.bytesPastCache()).isPositive();
    assertThat(report.immutableBytesThroughCache()).isZero();
  }

  @Test
  void aDirectWindowMustBeAMultipleOf64KiB() {
    SourceReads reads = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reads.withDirectWindow(100_000))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reads.withDirectWindow(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUncachedImmutableFileIsReadPastTheCacheAndStaysUncached() throws IOException {
    byte[] data = content((int) (2 * MIB), 2);
    Path file = dir.resolve("1.sst");
    assumeTrue(writeUncached(file, data), "O_DIRECT writes are refused on this filesystem");

    ReadReport report;
    try (ReadSession session = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE).begin()) {
      assertThat(readAll(session, file, 0, Growth.IMMUTABLE)).isEqualTo(data);
      report = session.report();
    }

    assertThat(report.bytesPastCache()).isEqualTo(data.length);
    assertThat(report.immutableBytesThroughCache()).isZero();
    try (FileChannel ch = FileChannel.open(file)) {
      assertThat(ch.map(FileChannel.MapMode.READ_ONLY, 0, data.length).isLoaded()).as("pages cached after the read")
          .isFalse();
    }
  }

  @Test
  void aCachedImmutableFileIsReadThroughTheCache() throws IOException {
    byte[] data = content((int) (2 * MIB), 3);
    Path file = Files.write(dir.resolve("2.sst"), data);

    ReadReport report;
    try (ReadSession session = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE).begin()) {
      readAll(session, file, 0, Growth.IMMUTABLE);
      report = session.report();
    }

    assertThat(report.bytesPastCache()).isZero();
    assertThat(report.immutableBytesThroughCache()).isEqualTo(data.length);
  }

  @Test
  void aFilesystemRefusingDirectReadsIsReadThroughTheCacheAndNamed() throws IOException {
    byte[] data = content((int) (2 * MIB + 3), 4);
    Path file = dir.resolve("3.sst");
    assumeTrue(writeUncached(file, data), "O_DIRECT writes are refused on this filesystem");
    List<Path> attempts = new ArrayList<>();
    SourceReads refusing = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE)
        .withDirectOpener(f -> {
          attempts.add(f);
          throw new IOException("Invalid argument");
        });

    ReadReport report;
    try (ReadSession session = refusing.begin()) {
      assertThat(readAll(session, file, 7, Growth.IMMUTABLE)).isEqualTo(Arrays.copyOfRange(data, 7, data.length));
      assertThat(readAll(session, file, 0, Growth.IMMUTABLE)).isEqualTo(data);
      report = session.report();
    }

    assertThat(attempts).as("tried once per filesystem").hasSize(1);
    assertThat(report.bytesPastCache()).isZero();
    assertThat(report.directRefusals()).containsExactly("O_DIRECT refused: Invalid argument");
  }

  @Test
  void filesThatChangeInPlaceAreNeverReadPastTheCache() throws IOException {
    byte[] data = content((int) (2 * MIB), 5);
    Path wal = dir.resolve("wal_1.log");
    assumeTrue(writeUncached(wal, data), "O_DIRECT writes are refused on this filesystem");
    SourceReads directOnly = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.SPARE_CACHE)
        .withDirectOpener(f -> {
          throw new AssertionError("O_DIRECT open of " + f);
        });

    try (ReadSession session = directOnly.begin()) {
      assertThat(readAll(session, wal, 0, Growth.APPEND_ONLY)).isEqualTo(data);
      assertThat(readAll(session, wal, 0, Growth.MUTABLE)).isEqualTo(data);
      assertThat(session.report().bytesPastCache()).isZero();
    }
  }

  @Test
  void throughCachePolicyNeverReadsPastTheCache() throws IOException {
    byte[] data = content((int) MIB, 6);
    Path file = dir.resolve("4.sst");
    assumeTrue(writeUncached(file, data), "O_DIRECT writes are refused on this filesystem");

    try (ReadSession session = SourceReads.of(ReadThrottle.unlimited(), PageCachePolicy.THROUGH_CACHE).begin()) {
      assertThat(readAll(session, file, 0, Growth.IMMUTABLE)).isEqualTo(data);
      assertThat(session.report().bytesPastCache()).isZero();
    }
  }

  @Test
  void sessionReportsReadRateAndLimitOfItsOwnReads() throws IOException {
    Path file = Files.write(dir.resolve("data"), content((int) (8 * MIB), 7));
    ReadThrottle throttle = new ReadThrottle(2 * MIB, time::nanoTime, time.sleeper());

    ReadReport report;
    try (ReadSession session = SourceReads.of(throttle, PageCachePolicy.THROUGH_CACHE).begin()) {
      readAll(session, file, 0, Growth.MUTABLE);
      session.close();
      time.advance(Duration.ofHours(1));
      report = session.report();
    }

    assertThat(report.bytesRead()).isEqualTo(8 * MIB);
    assertThat(report.readBytesPerSecond()).isBetween(2.0 * MIB * 0.9, 2.0 * MIB * 1.1);
    assertThat(report.averageLimitBytesPerSecond()).hasValue(2.0 * MIB);
  }

  @Test
  void adaptiveTicksMoveTheLimitReportToTheObserverAndCloseRestoresTheLimit() throws IOException {
    ReadThrottle throttle = new ReadThrottle(ReadThrottle.UNLIMITED, time::nanoTime, time.sleeper());
    AdaptiveSettings settings = new AdaptiveSettings(4 * MIB, 64 * MIB, 16 * MIB, 8 * MIB, 0.5, 0.5, 16.0 * MIB,
        0.5, Duration.ofSeconds(1));
    ArrayDeque<PressureSample> script = new ArrayDeque<>(List.of(PressureSample.of(0.1, 0), PressureSample.of(0.9, 0),
        PressureSample.unknown()));
    List<String> observed = new ArrayList<>();
    SourceReads reads = SourceReads.of(throttle, PageCachePolicy.THROUGH_CACHE)
        .ticking(idleScheduler, Duration.ofHours(1), (rate, limit) -> observed.add(limit / MIB + " MiB/s"))
        .adaptive(new AdaptiveController(settings), nanos -> script.pop());

    try (ReadSession session = reads.begin()) {
      assertThat(throttle.limit()).as("start").isEqualTo(16 * MIB);
      for (int i = 0; i < 3; i++) {
        time.advance(Duration.ofSeconds(1));
        session.tick();
      }
      assertThat(session.lastDecision()).map(AdaptiveController.Decision::verdict)
          .hasValue(AdaptiveController.Verdict.UNKNOWN);
    }

    assertThat(observed).containsExactly("24 MiB/s", "12 MiB/s", "12 MiB/s");
    assertThat(throttle.limit()).as("restored").isEqualTo(ReadThrottle.UNLIMITED);
  }
}
