package dev.pouch.agent.pack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel on a disk with {@code room} bytes left: a write that does not fit writes what fits, as the kernel
 * does, and the next one fails with "No space left on device".
 */
final class SpaceLimitedChannel extends FileChannel {
  private final FileChannel real;
  private long room;

  SpaceLimitedChannel(FileChannel real, long room) {
    this.real = real;
    this.room = room;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (room == 0 && src.hasRemaining()) {
      throw new IOException("No space left on device");
    }
    int fits = (int) Math.min(room, src.remaining());
    ByteBuffer part = src.slice(src.position(), fits);
    int n = real.write(part);
    src.position(src.position() + n);
    room -= n;
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new UnsupportedOperationException("not used by the pack writer");
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException("not used by the pack writer");
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) {
    throw new UnsupportedOperationException("not used by the pack writer");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("not used by the pack writer");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("not used by the pack writer");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("not used by the pack writer");
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
