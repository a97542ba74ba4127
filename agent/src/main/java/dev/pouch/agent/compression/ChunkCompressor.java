package dev.pouch.agent.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;

/**
 * zstd compression of chunks that skips data which does not shrink (already compressed SST blocks, random values):
 * a 64 KiB sample is compressed first at level 1, and the chunk is stored raw when the sample saves less than 3%.
 * Thread-safe.
 */
public final class ChunkCompressor {

  private static final int SAMPLE_BYTES = 64 * 1024;
  private static final double MIN_SAVING = 0.03;

  private final boolean enabled;
  private final int level;

  private ChunkCompressor(boolean enabled, int level) {
    this.enabled = enabled;
    this.level = level;
  }

  public static ChunkCompressor zstd(int level) {
    if (level < 1 || level > 19) {
      throw new IllegalArgumentException("zstd level must be 1..19, got " + level);
    }
    return new ChunkCompressor(true, level);
  }

  public static ChunkCompressor none() {
    return new ChunkCompressor(false, 0);
  }

  /** Compressed form, or null when the chunk should be stored as it is. */
  public byte[] compress(byte[] raw) {
    if (!enabled || raw.length < 64) {
      return null;
    }
    if (raw.length > 2 * SAMPLE_BYTES) {
      int from = raw.length / 2 - SAMPLE_BYTES / 2;
      byte[] sample = new byte[SAMPLE_BYTES];
      System.arraycopy(raw, from, sample, 0, SAMPLE_BYTES);
      if (Zstd.compress(sample, 1).length > SAMPLE_BYTES * (1 - MIN_SAVING)) {
        return null;
      }
    }
    byte[] packed = Zstd.compress(raw, level);
    return packed.length > raw.length * (1 - MIN_SAVING) ? null : packed;
  }

  /**
   * Decompresses authenticated data whose raw length the caller already knows (from the authenticated pack header),
   * so a hostile stream cannot make it allocate more than {@code rawLength}.
   */
  public static byte[] decompress(byte[] packed, int rawLength) throws IOException {
    try {
      byte[] raw = new byte[rawLength];
      long n = Zstd.decompressByteArray(raw, 0, rawLength, packed, 0, packed.length);
      if (n != rawLength) {
        throw new IOException("zstd produced " + n + " bytes, expected " + rawLength);
      }
      return raw;
    } catch (ZstdException e) {
      throw new IOException("zstd data is corrupt: " + e.getMessage(), e);
    }
  }
}
