package dev.pouch.wombat.compression;

import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflates and inflates zlib streams with one reusable {@link Deflater} and {@link Inflater}. Not thread-safe; close
 * it to free the native state early (otherwise the JDK's cleaner frees it).
 */
public final class ZlibCodec implements AutoCloseable {
  /**
   * A pseudo-level: level 1 with the Huffman-only strategy, about four times faster than level 1 on text-like data;
   * still a valid zlib stream, for generating large directories quickly.
   */
  public static final int HUFFMAN_ONLY = -2;

  private final int level;
  private Deflater deflater;
  private Inflater inflater;
  // Output bytes of the last successful inflate(): the codec is not thread-safe anyway.
  private int inflatedBytes;

  /** A codec deflating at {@code level}: 0..9, -1 for zlib's default (6), or {@link #HUFFMAN_ONLY}. */
  public ZlibCodec(int level) {
    if (level < HUFFMAN_ONLY || level > 9) {
      throw new IllegalArgumentException("zlib level outside [-2, 9]: " + level);
    }
    this.level = level;
  }

  /** A zlib stream of {@code data[off..off+len)}. */
  public byte[] deflate(byte[] data, int off, int len) {
    if (deflater == null) {
      deflater = new Deflater(level == HUFFMAN_ONLY ? 1 : level);
      if (level == HUFFMAN_ONLY) {
        deflater.setStrategy(Deflater.HUFFMAN_ONLY);
      }
    } else {
      deflater.reset();
    }
    deflater.setInput(data, off, len);
    deflater.finish();
    byte[] out = new byte[Math.max(64, len / 2 + 64)];
    int size = 0;
    while (!deflater.finished()) {
      if (size == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      size += deflater.deflate(out, size, out.length - size);
    }
    return Arrays.copyOf(out, size);
  }

  /**
   * Inflates {@code data[off..off+len)} if it is exactly one complete zlib stream with a valid Adler-32 and at most
   * {@code maxOutput} bytes of output; empty otherwise.
   */
  public Optional<byte[]> inflateExactly(byte[] data, int off, int len, long maxOutput) {
    byte[] out = inflate(data, off, len, maxOutput, null);
    if (out == null) {
      return Optional.empty();
    }
    return Optional.of(inflatedBytes == out.length ? out : Arrays.copyOf(out, inflatedBytes));
  }

  /**
   * As {@link #inflateExactly}, for a stream that must inflate to exactly {@code expected} bytes, which go to the start
   * of {@code buffer} when it holds them (SSTable blocks: one reused buffer instead of an array or two per block).
   *
   * @return the array whose first {@code expected} bytes are the output ({@code buffer} or a larger one), or null
   */
  public byte[] inflateExactlyTo(byte[] data, int off, int len, int expected, byte[] buffer) {
    byte[] out = inflate(data, off, len, expected, buffer);
    return out != null && inflatedBytes == expected ? out : null;
  }

  /**
   * Inflates into {@code buffer} when it is not null and large enough, else into an array that grows as output
   * appears, so a false length in the data costs no more memory than the output it really has.
   */
  private byte[] inflate(byte[] data, int off, int len, long maxOutput, byte[] buffer) {
    if (len < 6 || !plausibleHeader(data, off)) {
      return null;
    }
    if (inflater == null) {
      inflater = new Inflater();
    } else {
      inflater.reset();
    }
    inflater.setInput(data, off, len);
    long limit = Math.min(maxOutput, Integer.MAX_VALUE - 16L);
    byte[] out = buffer != null && buffer.length >= limit ? buffer
        : new byte[(int) Math.min(limit, Math.max(256L, len * 4L))];
    int size = 0;
    int cap = (int) Math.min(out.length, limit);
    try {
      while (!inflater.finished()) {
        if (size == cap) {
          if (cap >= limit) {
            return null;
          }
          out = Arrays.copyOf(out, (int) Math.min(limit, out.length * 2L));
          cap = out.length;
        }
        int n = inflater.inflate(out, size, cap - size);
        if (n == 0 && size < cap && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        size += n;
      }
    } catch (DataFormatException e) {
      return null;
    }
    if (inflater.getRemaining() != 0) {
      return null;
    }
    inflatedBytes = size;
    return out;
  }

  // CMF must say deflate with a window of at most 32 KiB and CMF/FLG must be a multiple of 31 (RFC 1950 §2.2);
  // checking it first avoids starting an Inflater for the common raw payload.
  private static boolean plausibleHeader(byte[] p, int off) {
    int cmf = p[off] & 0xFF;
    int flg = p[off + 1] & 0xFF;
    return (cmf & 0x0F) == 8 && (cmf >>> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }

  @Override
  public void close() {
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
