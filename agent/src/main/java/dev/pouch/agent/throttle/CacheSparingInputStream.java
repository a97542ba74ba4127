package dev.pouch.agent.throttle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * Reads an immutable file without filling the page cache with what was not cached before: window by window, a window
 * whose pages are all resident is read through the cache (free: no disk I/O), any other window with {@code O_DIRECT}
 * into an aligned buffer, so the backup neither evicts the database's hot pages nor turns cache hits into disk reads.
 *
 * <p>Residency comes from {@code mincore(2)}, which the JDK reaches through {@link
 * java.nio.MappedByteBuffer#isLoaded()} on a read-only mapping of the window; mapping does not fault pages in.
 * {@code O_DIRECT} needs the file offset, the buffer address and the length to be multiples of the filesystem's
 * block size, so windows start on aligned offsets and the first window skips the bytes before the requested
 * position. A direct read that comes back short marks the end of the data the direct channel can serve (the file
 * end); anything after it, if the file were to grow, is read through the cache. When the filesystem refuses
 * {@code O_DIRECT} (some FUSE and network filesystems; tmpfs before Linux 6.6), every window is read through the
 * cache and the refusal is remembered for the session.
 *
 * <p>Only for files that never change after they are written (SSTables). Never for a WAL or the active value log:
 * Wombat writes those through {@code mmap}, so their newest bytes are dirty pages in the cache; a direct read makes
 * the kernel write those pages back first (an unasked-for flush of the database's files, costing it I/O) and then
 * returns the disk's bytes, which may already be older than the cache's if Wombat writes to the page again in
 * between. A capture that validated records through the cache could then read different bytes than it validated.
 *
 * <p>Not thread-safe (one reader per stream, like any stream).
 */
final class CacheSparingInputStream extends InputStream {


  private final Path file;
  private final FileChannel cached;
  private final DirectIo direct;
  private final ReadCounters counters;
  private final ByteBuffer window;
  private final int alignment;
  private FileChannel uncached;
  private boolean directUsable;
  private long size;
  private long next;
  private boolean closed;

  private CacheSparingInputStream(Path file, FileChannel cached, long position, DirectIo direct,
      ReadCounters counters) throws IOException {
    this.file = file;
    this.cached = cached;
    this.direct = direct;
    this.counters = counters;
    this.size = cached.size();
    OptionalInt aligned = direct.alignment(file);
    this.alignment = aligned.orElse(1);
    this.directUsable = aligned.isPresent();
    this.window = direct.borrow();
    this.next = position;
    window.limit(0);
  }

  /** Opens {@code file} for reading from {@code position}. */
  static InputStream open(Path file, long position, DirectIo direct, ReadCounters counters) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new CacheSparingInputStream(file, channel, position, direct, counters);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("stream closed: " + file);
    }
    if (length == 0) {
      return 0;
    }
    if (!window.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(length, window.remaining());
    window.get(buffer, offset, n);
    next += n;
    return n;
  }

  /** Loads the window holding {@code next}; false at the end of the file. */
  private boolean fill() throws IOException {
    if (next >= size) {
      size = cached.size();
      if (next >= size) {
        return false;
      }
    }
    long start = next - next % alignment;
    long length = Math.min(window.capacity(), size - start);
    window.clear();
    int got;
    if (directUsable && !resident(start, length) && openUncached()) {
      got = readDirect(start);
      counters.direct(got);
    } else {
      got = readCached(start);
      counters.cached(got);
    }
    if (got <= next - start) {
      return false;
    }
    window.flip();
    window.position((int) (next - start));
    return true;
  }

  private boolean resident(long start, long length) throws IOException {
    return cached.map(FileChannel.MapMode.READ_ONLY, start, length).isLoaded();
  }

  private boolean openUncached() throws IOException {
    if (uncached == null) {
      uncached = direct.open(file).orElse(null);
      directUsable = uncached != null;
    }
    return directUsable;
  }

  private int readDirect(long start) throws IOException {
    int got = 0;
    while (window.hasRemaining()) {
      int n = uncached.read(window, start + got);
      if (n <= 0) {
        break;
      }
      got += n;
      if (n % alignment != 0) {
        // A short read ends at the file's end; the next offset would not be aligned.
        directUsable = false;
        break;
      }
    }
    return got;
  }

  private int readCached(long start) throws IOException {
    int got = 0;
    while (window.hasRemaining()) {
      int n = cached.read(window, start + got);
      if (n <= 0) {
        break;
      }
      got += n;
    }
    return got;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    direct.giveBack(window);
    IOException failure = null;
    for (FileChannel c : new FileChannel[] {uncached, cached}) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
