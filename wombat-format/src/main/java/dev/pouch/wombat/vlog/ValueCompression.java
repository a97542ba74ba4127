package dev.pouch.wombat.vlog;

import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

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

  /** A zlib (RFC 1950) stream of {@code data} at {@code level} (0..9, or -1 for zlib's default 6). */
  public static byte[] deflate(byte[] data, int level) {
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(data);
      deflater.finish();
      byte[] out = new byte[Math.max(64, data.length / 2 + 64)];
      int len = 0;
      while (!deflater.finished()) {
        if (len == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        len += deflater.deflate(out, len, out.length - len);
      }
      return Arrays.copyOf(out, len);
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates {@code payload} if it is exactly one complete zlib stream with a valid Adler-32 and at most {@code
   * maxOutput} bytes of output; empty otherwise.
   */
  public static Optional<byte[]> inflateExactly(byte[] payload, long maxOutput) {
    if (payload.length < 6 || !plausibleZlibHeader(payload)) {
      return Optional.empty();
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(payload);
      byte[] out = new byte[(int) Math.min(maxOutput, Math.max(256L, payload.length * 4L))];
      int len = 0;
      while (!inflater.finished()) {
        if (len == out.length) {
          if (out.length >= maxOutput) {
            return Optional.empty();
          }
          out = Arrays.copyOf(out, (int) Math.min(maxOutput, Math.min(Integer.MAX_VALUE - 16L, out.length * 2L)));
        }
        int n = inflater.inflate(out, len, out.length - len);
        if (n == 0 && len < out.length && (inflater.needsInput() || inflater.needsDictionary())) {
          return Optional.empty();
        }
        len += n;
      }
      if (inflater.getRemaining() != 0) {
        return Optional.empty();
      }
      return Optional.of(len == out.length ? out : Arrays.copyOf(out, len));
    } catch (DataFormatException e) {
      return Optional.empty();
    } finally {
      inflater.end();
    }
  }

  /** The value a stored payload resolves to under the reader's rule. */
  public static byte[] resolve(byte[] storedPayload) {
    return inflateExactly(storedPayload, MAX_VALUE_SIZE).orElse(storedPayload);
  }

  // CMF must say deflate with a window of at most 32 KiB and CMF/FLG must be a multiple of 31 (RFC 1950 §2.2);
  // checking it first avoids starting an Inflater for the common raw payload.
  private static boolean plausibleZlibHeader(byte[] p) {
    int cmf = p[0] & 0xFF;
    int flg = p[1] & 0xFF;
    return (cmf & 0x0F) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }
}
