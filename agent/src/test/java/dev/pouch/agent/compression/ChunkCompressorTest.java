package dev.pouch.agent.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ChunkCompressorTest {

  private static byte[] text(Random random, int length) {
    byte[] b = new byte[length];
    String words = "key value wombat sstable manifest compaction ";
    for (int i = 0; i < length; i++) {
      b[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : (byte) words.charAt(i % words.length());
    }
    return b;
  }

  /** The compressed form as a new array, or null when the compressor hands on the raw chunk. */
  private static byte[] compressed(ChunkCompressor compressor, byte[] raw) {
    return compressor.compress(raw, (bytes, offset, length, isCompressed) -> {
      if (!isCompressed) {
        assertThat(bytes).isSameAs(raw);
        assertThat(offset).isZero();
        assertThat(length).isEqualTo(raw.length);
        return null;
      }
      return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
    });
  }

  @Test
  void compressibleChunksRoundTripAtEveryLevelFromPooledContexts() throws IOException {
    Random random = new Random(1);
    for (int level : new int[] {1, 3, 9, 3, 1}) {
      ChunkCompressor compressor = ChunkCompressor.zstd(level);
      for (int length : new int[] {1000, 200_000, 1 << 20, 3 << 20}) {
        byte[] raw = text(random, length);
        byte[] packed = compressed(compressor, raw);
        assertThat(packed).as("level %d, %d bytes", level, length).isNotNull();
        assertThat(packed.length).isLessThan(raw.length);
        assertThat(ChunkCompressor.decompress(packed, raw.length)).isEqualTo(raw);
      }
    }
  }

  @Test
  void incompressibleOrTinyChunksAreStoredRaw() {
    Random random = new Random(2);
    byte[] noise = new byte[1 << 20];
    random.nextBytes(noise);
    assertThat(compressed(ChunkCompressor.zstd(3), noise)).isNull();
    byte[] smallNoise = new byte[5000];
    random.nextBytes(smallNoise);
    assertThat(compressed(ChunkCompressor.zstd(3), smallNoise)).isNull();
    assertThat(compressed(ChunkCompressor.zstd(3), new byte[63])).isNull();
    assertThat(compressed(ChunkCompressor.none(), text(random, 1 << 20))).isNull();
  }

  @Test
  void chunksThatShrinkOnlyAtTheirStartOrEndAreCompressed() throws IOException {
    // An SSTable's last chunk: compressed data blocks, then index and filter blocks that do shrink.
    Random random = new Random(3);
    for (boolean atEnd : new boolean[] {true, false}) {
      byte[] raw = new byte[1 << 20];
      random.nextBytes(raw);
      byte[] tail = text(random, 96 * 1024);
      System.arraycopy(tail, 0, raw, atEnd ? raw.length - tail.length : 0, tail.length);
      byte[] packed = compressed(ChunkCompressor.zstd(3), raw);
      assertThat(packed).as(atEnd ? "shrinking end" : "shrinking start").isNotNull();
      assertThat(packed.length).isLessThan(raw.length - 32 * 1024);
      assertThat(ChunkCompressor.decompress(packed, raw.length)).isEqualTo(raw);
    }
  }

  @Test
  void concurrentCallersGetTheirOwnContexts() throws Exception {
    ChunkCompressor compressor = ChunkCompressor.zstd(3);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          byte[] raw = text(new Random(seed), 300_000 + seed * 1000);
          byte[] packed = compressed(compressor, raw);
          return java.util.Arrays.equals(ChunkCompressor.decompress(packed, raw.length), raw);
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void decompressionRefusesMoreBytesThanTheHeaderAllows() throws IOException {
    byte[] raw = text(new Random(3), 100_000);
    byte[] packed = compressed(ChunkCompressor.zstd(3), raw);
    assertThatThrownBy(() -> ChunkCompressor.decompress(packed, raw.length - 1)).isInstanceOf(IOException.class);
  }
}
