package dev.pouch.wombat.bytes;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Read-only positional access to a fixed number of bytes: a byte array, or the first {@code length} bytes of a file
 * as observed at one moment.
 *
 * <p>Contract: {@link #length()} never changes; {@link #readFully} reads exactly the requested range or throws
 * {@link java.io.EOFException} when the underlying file became shorter than {@code length}. Implementations are
 * safe for use by one thread at a time unless stated otherwise. Closing a source never closes a channel that the
 * caller passed in.
 */
public interface ByteSource {

  /** The number of readable bytes. */
  long length();

  /**
   * Reads {@code len} bytes at {@code position} into {@code dst[off..off+len)}.
   *
   * @throws IndexOutOfBoundsException if the range lies outside {@code [0, length())}
   * @throws IOException if the underlying file cannot be read or became shorter
   */
  void readFully(long position, byte[] dst, int off, int len) throws IOException;

  /** Reads {@code len} bytes at {@code position} into a new array. */
  default byte[] read(long position, int len) throws IOException {
    byte[] out = new byte[len];
    readFully(position, out, 0, len);
    return out;
  }

  /** The first {@code newLength} bytes of this source. */
  default ByteSource prefix(long newLength) {
    if (newLength < 0 || newLength > length()) {
      throw new IllegalArgumentException("prefix length " + newLength + " outside [0, " + length() + "]");
    }
    ByteSource outer = this;
    return new ByteSource() {
      @Override
      public long length() {
        return newLength;
      }

      @Override
      public void readFully(long position, byte[] dst, int off, int len) throws IOException {
        ByteSources.checkRange(position, len, newLength);
        outer.readFully(position, dst, off, len);
      }
    };
  }

  /** A source over the whole array; the array must not change while the source is used. */
  static ByteSource of(byte[] data) {
    return new ByteSources.ArraySource(data, data.length);
  }

  /** A source over the first {@code length} bytes of the array. */
  static ByteSource of(byte[] data, int length) {
    if (length < 0 || length > data.length) {
      throw new IllegalArgumentException("length " + length + " outside [0, " + data.length + "]");
    }
    return new ByteSources.ArraySource(data, length);
  }

  /**
   * A source over the first {@code length} bytes of {@code channel}, read with positional reads (the channel's own
   * position is untouched, so several sources may share a channel).
   */
  static ByteSource of(FileChannel channel, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    return new ByteSources.ChannelSource(channel, length);
  }
}
