package dev.pouch.agent.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastCdcChunkerTest {

  private static final ChunkerParams SMALL = new ChunkerParams(2048, 8192, 65536, 7);

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  private static List<byte[]> chunks(ChunkerParams params, byte[] data) throws IOException {
    ChunkReader reader = new ChunkReader(new FastCdcChunker(params), new ByteArrayInputStream(data));
    List<byte[]> out = new ArrayList<>();
    for (byte[] c = reader.next(); c != null; c = reader.next()) {
      out.add(c);
    }
    return out;
  }

  @Test
  void chunksRespectBoundsAndConcatenateToInput() throws IOException {
    byte[] data = random(2_000_000, 1);
    List<byte[]> chunks = chunks(SMALL, data);
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      byte[] c = chunks.get(i);
      joined.writeBytes(c);
      assertThat(c.length).isLessThanOrEqualTo(SMALL.maxSizeBytes());
      if (i < chunks.size() - 1) {
        assertThat(c.length).isGreaterThan(SMALL.minSizeBytes());
      }
    }
    assertThat(joined.toByteArray()).isEqualTo(data);
  }

  @Test
  void averageChunkSizeIsNearTheTarget() throws IOException {
    byte[] data = random(4_000_000, 2);
    double avg = (double) data.length / chunks(SMALL, data).size();
    assertThat(avg).isBetween(SMALL.avgSizeBytes() * 0.6, SMALL.avgSizeBytes() * 1.6);
  }

  @Test
  void anInsertionChangesOnlyNearbyChunks() throws IOException {
    byte[] data = random(1_000_000, 3);
    byte[] shifted = new byte[data.length + 100];
    System.arraycopy(data, 0, shifted, 0, 300_000);
    System.arraycopy(random(100, 9), 0, shifted, 300_000, 100);
    System.arraycopy(data, 300_000, shifted, 300_100, data.length - 300_000);
    Set<String> before = new HashSet<>();
    for (byte[] c : chunks(SMALL, data)) {
      before.add(java.util.HexFormat.of().formatHex(c, 0, 32) + c.length);
    }
    List<byte[]> after = chunks(SMALL, shifted);
    long reused = after.stream().filter(c -> before.contains(java.util.HexFormat.of().formatHex(c, 0, 32) + c.length))
        .count();
    assertThat(reused).isGreaterThanOrEqualTo(after.size() - 3);
  }

  @Test
  void boundariesDependOnTheGearSeed() throws IOException {
    byte[] data = random(500_000, 4);
    List<Integer> a = chunks(SMALL, data).stream().map(c -> c.length).toList();
    List<Integer> b = chunks(new ChunkerParams(2048, 8192, 65536, 8), data).stream().map(c -> c.length).toList();
    assertThat(a).isNotEqualTo(b);
    assertThat(chunks(SMALL, data).stream().map(c -> c.length).toList()).isEqualTo(a);
  }

  @Test
  void limitCapturesOnlyThePrefix() throws IOException {
    byte[] data = random(100_000, 5);
    ChunkReader reader = new ChunkReader(new FastCdcChunker(SMALL), new ByteArrayInputStream(data), 40_000);
    long total = 0;
    for (byte[] c = reader.next(); c != null; c = reader.next()) {
      total += c.length;
    }
    assertThat(total).isEqualTo(40_000);
  }

  @Test
  void oneReaderRestartedOnManyStreamsCutsEachAsAFreshReaderDoes() throws IOException {
    // A long stream, one stopped halfway by its limit, a short one, an empty one and a long one again: nothing of an
    // earlier stream's buffer may leak into the next.
    byte[][] streams = {random(300_000, 6), random(200_000, 7), random(5_000, 8), new byte[0], random(150_000, 9)};
    long[] limits = {Long.MAX_VALUE, 90_000, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    ChunkReader reused = new ChunkReader(new FastCdcChunker(SMALL));
    for (int i = 0; i < streams.length; i++) {
      reused.start(new ByteArrayInputStream(streams[i]), limits[i]);
      ChunkReader fresh = new ChunkReader(new FastCdcChunker(SMALL), new ByteArrayInputStream(streams[i]), limits[i]);
      for (byte[] want = fresh.next(); ; want = fresh.next()) {
        byte[] got = reused.next();
        if (want == null) {
          assertThat(got).as("stream %d ends", i).isNull();
          break;
        }
        assertThat(got).as("stream %d", i).isEqualTo(want);
      }
    }
  }

  @Test
  void emptyInputHasNoChunks() throws IOException {
    assertThat(chunks(SMALL, new byte[0])).isEmpty();
  }
}
