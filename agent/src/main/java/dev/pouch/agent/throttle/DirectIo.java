package dev.pouch.agent.throttle;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code O_DIRECT} reads for one backup: the block size per filesystem, the filesystems that refused direct reads
 * (tried once each), and a pool of aligned window buffers (direct memory is freed only by the garbage collector, so
 * buffers are reused rather than allocated per file). Thread-safe.
 */
final class DirectIo {

  /** Opens a file for reading past the page cache; throws when the filesystem refuses. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path file) throws IOException;
  }

  /** The JDK's way: {@link ExtendedOpenOption#DIRECT}, i.e. {@code open(2)} with {@code O_DIRECT}. */
  static final Opener JDK = file -> FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);

  /** Largest block size served; buffers are aligned to it, so they suit every smaller power-of-two block size. */
  static final int MAX_ALIGNMENT = 64 * 1024;

  /** Bytes per direct read by default; a multiple of every block size in use (4 KiB, 64 KiB pages, 512-byte sectors). */
  static final int WINDOW_BYTES = 1 << 20;

  /**
   * Bytes per direct read next to a database (low or idle priority): in the impact bench a database fsync waited
   * behind 1 MiB reads (fsync p99 ~1 ms during a backup) but not behind 128 KiB ones (0.5-0.8 ms, as when quiet).
   */
  public static final int GENTLE_WINDOW_BYTES = 128 << 10;

  private final Opener opener;
  private final int windowBytes;
  private final Map<Long, Integer> alignmentByDevice = new ConcurrentHashMap<>();
  private final Map<Long, String> refusedByDevice = new ConcurrentHashMap<>();
  private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();

  DirectIo(Opener opener, int windowBytes) {
    this.opener = opener;
    this.windowBytes = windowBytes;
  }

  /** Bytes per direct read, and the size of every window buffer. */
  int windowBytes() {
    return windowBytes;
  }

  /** The block size direct reads of {@code file} must align to; empty when direct reads are not to be tried. */
  OptionalInt alignment(Path file) throws IOException {
    long device = device(file);
    if (refusedByDevice.containsKey(device)) {
      return OptionalInt.empty();
    }
    int alignment = alignmentByDevice.computeIfAbsent(device, d -> blockSize(file));
    return alignment > 0 ? OptionalInt.of(alignment) : OptionalInt.empty();
  }

  /** Opens {@code file} with {@code O_DIRECT}; empty (and remembered for its filesystem) when that is refused. */
  Optional<FileChannel> open(Path file) throws IOException {
    long device = device(file);
    try {
      return Optional.of(opener.open(file));
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      refusedByDevice.putIfAbsent(device, String.valueOf(e.getMessage()));
      return Optional.empty();
    }
  }

  /** Filesystems (by device number) that refused direct reads, with the reason. */
  Map<Long, String> refusals() {
    return Map.copyOf(refusedByDevice);
  }

  /** A window buffer: direct, {@link #windowBytes()} long, aligned to {@link #MAX_ALIGNMENT}. */
  ByteBuffer borrow() {
    synchronized (buffers) {
      ByteBuffer b = buffers.poll();
      if (b != null) {
        return b.clear();
      }
    }
    return ByteBuffer.allocateDirect(windowBytes + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT).limit(windowBytes)
        .slice();
  }

  void giveBack(ByteBuffer buffer) {
    synchronized (buffers) {
      buffers.push(buffer);
    }
  }

  /** The device number of the filesystem holding {@code file}; -1 where the platform has no unix attributes. */
  private static long device(Path file) throws IOException {
    try {
      return ((Number) Files.getAttribute(file, "unix:dev")).longValue();
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }

  /** The filesystem's block size when it is a power of two up to {@link #MAX_ALIGNMENT}, else 0 (do not try). */
  private static int blockSize(Path file) {
    try {
      long size = Files.getFileStore(file).getBlockSize();
      return size > 0 && size <= MAX_ALIGNMENT && Long.bitCount(size) == 1 ? (int) size : 0;
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }
}
