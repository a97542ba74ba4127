package dev.pouch.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The bytes of a put: replayable (every {@link #open} starts again from the first byte, so a retry or a resent part
 * reads the same data) and of known length.
 */
public interface BlobContent {

  /**
   * The most bytes one {@link #read} is asked for: 2047 MiB. A Java array stops just short of 2 GiB (HotSpot refuses
   * {@code Integer.MAX_VALUE} elements), and a whole number of mebibytes lets part sizes grown in whole MiB land on
   * it. Adapters that hold parts or single puts in arrays refuse configurations that would need more.
   */
  long MAX_READ_BYTES = 2047L * 1024 * 1024;

  long length();

  /** A fresh stream over {@code length} bytes starting at {@code offset} of this content. */
  InputStream open(long offset, long length) throws IOException;

  default InputStream open() throws IOException {
    return open(0, length());
  }

  /** Reads {@code length} bytes starting at {@code offset} into a new array; for parts and small blobs. */
  default byte[] read(long offset, int length) throws IOException {
    try (InputStream in = open(offset, length)) {
      byte[] out = in.readNBytes(length);
      if (out.length != length) {
        throw new IOException("content shrank: wanted " + length + " bytes at " + offset + ", got " + out.length);
      }
      return out;
    }
  }

  static BlobContent of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** A view of {@code bytes[offset, offset+length)}; the array must not change while the put runs. */
  static BlobContent of(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new RangedContent(length,
        (from, count) -> new ByteArrayInputStream(bytes, offset + (int) from, (int) count));
  }

  /** The whole of a file that does not change while the put runs. */
  static BlobContent of(Path file) throws IOException {
    long size = java.nio.file.Files.size(file);
    return ofRegion(file, 0, size);
  }

  /**
   * The first {@code length} bytes of an open file, read with positional reads (the file may have no name any more);
   * the caller keeps the channel open until the put returns and closes it after.
   */
  static BlobContent of(FileChannel channel, long length) {
    Objects.requireNonNull(channel, "channel");
    return new RangedContent(length, (from, count) -> FileRangeInputStream.borrowing(channel, from, count));
  }

  /** {@code length} bytes of a file from {@code offset}. */
  static BlobContent ofRegion(Path file, long offset, long length) {
    Objects.requireNonNull(file, "file");
    return new RangedContent(length, (from, count) -> {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset + from);
      return new BoundedInputStream(Channels.newInputStream(channel), count);
    });
  }
}
