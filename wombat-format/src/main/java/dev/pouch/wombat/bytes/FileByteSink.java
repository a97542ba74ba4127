package dev.pouch.wombat.bytes;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link ByteSink} over a file opened read-write with {@link RandomAccessFile}, whose {@code setLength} extends
 * sparsely like {@code ftruncate}. Every write goes straight to the file (no buffering), so a concurrent reader sees
 * it at once through the page cache.
 */
public final class FileByteSink implements ByteSink, AutoCloseable {
  private final RandomAccessFile file;
  private final FileChannel channel;

  private FileByteSink(RandomAccessFile file) {
    this.file = file;
    this.channel = file.getChannel();
  }

  /** Opens {@code path} for writing, creating it if missing; with {@code truncate} the content is discarded. */
  public static FileByteSink open(Path path, boolean truncate) throws IOException {
    RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
    try {
      if (truncate) {
        raf.setLength(0);
      }
      return new FileByteSink(raf);
    } catch (IOException e) {
      try {
        raf.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The underlying channel, for positional reads of what was written. */
  public FileChannel channel() {
    return channel;
  }

  @Override
  public void write(long position, byte[] src, int off, int len) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(src, off, len);
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  @Override
  public void setLength(long newLength) throws IOException {
    file.setLength(newLength);
  }

  @Override
  public long length() throws IOException {
    return channel.size();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
