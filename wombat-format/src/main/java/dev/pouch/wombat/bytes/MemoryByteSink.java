package dev.pouch.wombat.bytes;

import java.util.Arrays;

/** A {@link ByteSink} over a growable array, for building files in memory. Not thread-safe. */
public final class MemoryByteSink implements ByteSink {
  private byte[] data = new byte[0];
  private int length;

  @Override
  public void write(long position, byte[] src, int off, int len) {
    long end = position + len;
    if (end > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("in-memory file limited to 2 GiB");
    }
    if (end > data.length) {
      data = Arrays.copyOf(data, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 16L, data.length * 2L)));
    }
    System.arraycopy(src, off, data, (int) position, len);
    length = (int) Math.max(length, end);
  }

  @Override
  public void setLength(long newLength) {
    if (newLength > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("in-memory file limited to 2 GiB");
    }
    int n = (int) newLength;
    if (n > data.length) {
      data = Arrays.copyOf(data, n);
    } else if (n < length) {
      Arrays.fill(data, n, length, (byte) 0);
    }
    length = n;
  }

  @Override
  public long length() {
    return length;
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(data, length);
  }

  /** A source over a copy of the current content. */
  public ByteSource toSource() {
    return ByteSource.of(toByteArray());
  }
}
