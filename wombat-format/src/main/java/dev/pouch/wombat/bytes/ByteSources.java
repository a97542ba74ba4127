package dev.pouch.wombat.bytes;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** The {@link ByteSource} implementations. */
final class ByteSources {
  private ByteSources() {}

  static void checkRange(long position, int len, long length) {
    if (position < 0 || len < 0 || position + len > length) {
      throw new IndexOutOfBoundsException(
          "range [" + position + ", " + (position + len) + ") outside [0, " + length + ")");
    }
  }

  record ArraySource(byte[] data, int length32) implements ByteSource {
    @Override
    public long length() {
      return length32;
    }

    @Override
    public void readFully(long position, byte[] dst, int off, int len) {
      checkRange(position, len, length32);
      System.arraycopy(data, (int) position, dst, off, len);
    }
  }

  record ChannelSource(FileChannel channel, long length) implements ByteSource {
    @Override
    public void readFully(long position, byte[] dst, int off, int len) throws IOException {
      checkRange(position, len, length);
      ByteBuffer buffer = ByteBuffer.wrap(dst, off, len);
      long at = position;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, at);
        if (n < 0) {
          throw new EOFException("file ended at " + at + " before the observed length " + length);
        }
        at += n;
      }
    }
  }
}
