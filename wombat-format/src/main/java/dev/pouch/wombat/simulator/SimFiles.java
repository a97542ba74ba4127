package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.ByteSink;
import dev.pouch.wombat.bytes.FileByteSink;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulator's file layer: opens files for writing and counts every byte written, so that a run can crash after
 * exactly {@code crashAfterBytes} bytes (the write that crosses the budget is cut short). Not thread-safe.
 */
final class SimFiles {
  private final long crashAfterBytes;
  private long written;
  private boolean crashed;

  SimFiles(long crashAfterBytes) {
    this.crashAfterBytes = crashAfterBytes;
  }

  long bytesWritten() {
    return written;
  }

  boolean crashed() {
    return crashed;
  }

  /** Opens {@code path} for writing (creating it; with {@code truncate}, emptying it like {@code O_TRUNC}). */
  SimFile open(Path path, boolean truncate) throws IOException {
    checkAlive();
    return new SimFile(path, FileByteSink.open(path, truncate));
  }

  void delete(Path path) throws IOException {
    checkAlive();
    Files.deleteIfExists(path);
  }

  private void checkAlive() throws IOException {
    if (crashed) {
      throw new SimulatedCrashException(written);
    }
  }

  /** One open file; its writes count against the budget. */
  final class SimFile implements ByteSink, AutoCloseable {
    final Path path;
    final FileByteSink sink;
    final long inode;
    boolean unlinked;

    SimFile(Path path, FileByteSink sink) throws IOException {
      this.path = path;
      this.sink = sink;
      Object ino = Files.getAttribute(path, "unix:ino");
      this.inode = ((Number) ino).longValue();
    }

    FileChannel channel() {
      return sink.channel();
    }

    @Override
    public void write(long position, byte[] src, int off, int len) throws IOException {
      checkAlive();
      if (crashAfterBytes >= 0 && written + len > crashAfterBytes) {
        int allowed = (int) (crashAfterBytes - written);
        if (allowed > 0) {
          sink.write(position, src, off, allowed);
        }
        written += allowed;
        crashed = true;
        throw new SimulatedCrashException(written);
      }
      sink.write(position, src, off, len);
      written += len;
    }

    @Override
    public void setLength(long newLength) throws IOException {
      checkAlive();
      sink.setLength(newLength);
    }

    @Override
    public long length() throws IOException {
      return sink.length();
    }

    /** Removes the name; the open descriptor keeps the inode alive, as Wombat's mmap does. */
    void unlink() throws IOException {
      checkAlive();
      Files.deleteIfExists(path);
      unlinked = true;
    }

    @Override
    public void close() throws IOException {
      sink.close();
    }
  }
}
