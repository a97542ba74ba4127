package dev.pouch.wombat.vlog;

import dev.pouch.wombat.compression.ZlibCodec;
import java.util.Optional;

/**
 * Wombat's unflagged value compression (§2.3, {@code lib/wombat/compression/compressor.zig}) and the reader's rule
 * for undoing it.
 *
 * <p>Writing: with zlib enabled, a value of at least 64 bytes whose byte entropy is below 7.2 bits per byte is stored
 * as a bare RFC 1950 stream. Nothing marks this, so reading tries {@link Inflater} and accepts the result only when
 * the stream ends exactly at the end of the payload and its Adler-32 trailer verifies; otherwise the payload is the
 * value itself. Wombat uses Zig's own deflate, so its compressed bytes differ from {@link Deflater}'s; both are valid
 * zlib streams and resolve to the same value.
 */
public final class ValueCompression {
  /** Values shorter than this are never compressed. */
  public static final int MIN_COMPRESSION_SIZE = 64;
  /** The pseudo-level {@link ZlibCodec#HUFFMAN_ONLY}, accepted wherever a deflate level is. */
  public static final int HUFFMAN_ONLY = ZlibCodec.HUFFMAN_ONLY;
  /** Upper bound on an inflated value: Wombat's maximum value size, 1 GiB. */
  public static final long MAX_VALUE_SIZE = 1L << 30;

  private ValueCompression() {}

  /**
   * Shannon entropy of the byte histogram in bits per byte, computed in the same order and with the same formula as
   * Wombat's {@code estimateCompressibility}, so that borderline values fall on the same side.
   */
  public static double entropyBitsPerByte(byte[] data) {
    int[] counts = new int[256];
    for (byte b : data) {
      counts[b & 0xFF]++;
    }
    double entropy = 0.0;
    double len = data.length;
    for (int count : counts) {
      if (count > 0) {
        double p = count / len;
        entropy -= p * Math.log(p) / Math.log(2.0);
      }
    }
    return entropy;
  }

  /** Whether Wombat with zlib enabled stores {@code value} compressed: 64 bytes or more and entropy below 7.2. */
  public static boolean shouldCompress(byte[] value) {
    if (value.length < MIN_COMPRESSION_SIZE) {
      return false;
    }
    double compressibility = Math.max(0.0, (8.0 - entropyBitsPerByte(value)) / 8.0);
    return compressibility > 0.1;
  }

  /** The payload Wombat stores for {@code value}: compressed under the rule when {@code zlib} is on, else as is. */
  public static byte[] storedPayload(byte[] value, boolean zlib, int deflateLevel) {
    return zlib && shouldCompress(value) ? deflate(value, deflateLevel) : value;
  }

  /** {@link #storedPayload(byte[], boolean, int)} compressing with {@code codec} (reused across values). */
  public static byte[] storedPayload(byte[] value, boolean zlib, ZlibCodec codec) {
    return zlib && shouldCompress(value) ? codec.deflate(value, 0, value.length) : value;
  }

  /**
   * A zlib (RFC 1950) stream of {@code data} at {@code level}: 0..9, -1 for zlib's default (6), or {@link
   * #HUFFMAN_ONLY}.
   */
  public static byte[] deflate(byte[] data, int level) {
    try (ZlibCodec zlib = new ZlibCodec(level)) {
      return zlib.deflate(data, 0, data.length);
    }
  }

  /**
   * Inflates {@code payload} if it is exactly one complete zlib stream with a valid Adler-32 and at most {@code
   * maxOutput} bytes of output; empty otherwise.
   */
  public static Optional<byte[]> inflateExactly(byte[] payload, long maxOutput) {
    try (ZlibCodec zlib = new ZlibCodec(-1)) {
      return zlib.inflateExactly(payload, 0, payload.length, maxOutput);
    }
  }

  /** The value a stored payload resolves to under the reader's rule. */
  public static byte[] resolve(byte[] storedPayload) {
    return inflateExactly(storedPayload, MAX_VALUE_SIZE).orElse(storedPayload);
  }
}
