package dev.pouch.agent.chunking;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Content-defined chunking after FastCDC (Xia et al., USENIX ATC 2016): a gear rolling hash, no cut before the
 * minimum size, a stricter mask before the average size and a looser one after it ("normalized chunking", level 2),
 * and a hard cut at the maximum. Masks test the hash's high bits, which depend on the last 64 bytes, not only the
 * last few. Stateless and thread-safe.
 */
public final class FastCdcChunker {

  private final ChunkerParams params;
  private final long[] gear;
  private final long maskStrict;
  private final long maskLoose;

  public FastCdcChunker(ChunkerParams params) {
    this.params = params;
    this.gear = gearTable(params.gearSeed());
    int bits = Integer.numberOfTrailingZeros(params.avgSizeBytes());
    this.maskStrict = highBits(bits + 2);
    this.maskLoose = highBits(bits - 2);
  }

  public ChunkerParams params() {
    return params;
  }

  /**
   * Length of the next chunk of {@code data[offset, offset + available)}. When fewer than {@code maxSizeBytes} bytes
   * are available and the input has not ended, the caller must supply more bytes first ({@link ChunkReader} does).
   */
  public int nextCut(byte[] data, int offset, int available) {
    int n = Math.min(available, params.maxSizeBytes());
    if (n <= params.minSizeBytes()) {
      return n;
    }
    int normal = Math.min(n, params.avgSizeBytes());
    long hash = 0;
    int i = params.minSizeBytes();
    for (; i < normal; i++) {
      hash = (hash << 1) + gear[data[offset + i] & 0xff];
      if ((hash & maskStrict) == 0) {
        return i + 1;
      }
    }
    for (; i < n; i++) {
      hash = (hash << 1) + gear[data[offset + i] & 0xff];
      if ((hash & maskLoose) == 0) {
        return i + 1;
      }
    }
    return n;
  }

  private static long highBits(int count) {
    return count >= 64 ? -1L : ~(-1L >>> count);
  }

  /** 256 pseudo-random 64-bit values expanded from the seed with SHA-256 (deterministic across JVMs). */
  static long[] gearTable(long seed) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long[] table = new long[256];
      ByteBuffer in = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      for (int block = 0; block < 64; block++) {
        in.clear();
        in.putLong(seed).putLong(block);
        ByteBuffer out = ByteBuffer.wrap(sha.digest(in.array())).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < 4; j++) {
          table[block * 4 + j] = out.getLong();
        }
      }
      return table;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
