package dev.pouch.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@code remaining} bytes of an open file from {@code position} with positional reads, so the bytes come from
 * the inode opened even if the key is replaced or deleted meanwhile, and several streams can read one channel at
 * once. Stops early at the end of the file.
 */
public final class FileRangeInputStream extends InputStream {

  // A read into a heap array goes through a temporary direct buffer of the read's size, which the JDK then keeps
  // per thread: capping each read keeps that native memory small whatever the caller asks for.
  private static final int MAX_READ_BYTES = 256 * 1024;

  private final FileChannel channel;
  private final boolean closesChannel;
  private long position;
  private long remaining;

  private FileRangeInputStream(FileChannel channel, boolean closesChannel, long position, long remaining) {
    this.channel = channel;
    this.closesChannel = closesChannel;
    this.position = position;
    this.remaining = remaining;
  }

  /** A stream that closes {@code channel} when it is closed. */
  public static FileRangeInputStream owning(FileChannel channel, long position, long remaining) {
    return new FileRangeInputStream(channel, true, position, remaining);
  }

  /** A stream over a channel someone else closes; many may read it at once. */
  public static FileRangeInputStream borrowing(FileChannel channel, long position, long remaining) {
    return new FileRangeInputStream(channel, false, position, remaining);
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
    int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(Math.min(length, remaining), MAX_READ_BYTES)),
        position);
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
    if (closesChannel) {
      channel.close();
    }
  }
}
