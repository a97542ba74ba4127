package dev.pouch.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@code remaining} bytes of an open file from {@code position} with positional reads, so the bytes come from
 * the inode opened even if the key is replaced or deleted meanwhile. Stops early at the end of the file.
 */
final class FileRangeInputStream extends InputStream {

  private final FileChannel channel;
  private long position;
  private long remaining;

  FileRangeInputStream(FileChannel channel, long position, long remaining) {
    this.channel = channel;
    this.position = position;
    this.remaining = remaining;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (remaining <= 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, remaining)), position);
    if (n < 0) {
      remaining = 0;
      return -1;
    }
    position += n;
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = Math.max(0, Math.min(n, Math.min(remaining, channel.size() - position)));
    position += skipped;
    remaining -= skipped;
    return skipped;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
