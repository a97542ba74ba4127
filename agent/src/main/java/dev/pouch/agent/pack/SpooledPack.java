package dev.pouch.agent.pack;

import dev.pouch.agent.repository.PackId;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * A stored pack copied from a stream into a {@link PackSpool} file, checked against its name on the way, then read
 * back piece by piece: a copy between repositories holds one chunk of it in memory, not the pack.
 */
public final class SpooledPack implements AutoCloseable {

  private final FileChannel file;
  private final long size;

  private SpooledPack(FileChannel file, long size) {
    this.file = file;
    this.size = size;
  }

  /**
   * Copies the whole of {@code in} (at most {@code limit} bytes) into a spool file.
   *
   * @throws IntegrityException if the bytes do not hash to {@code id} or exceed {@code limit}
   */
  public static SpooledPack copy(InputStream in, PackId id, long limit, PackSpool spool) throws IOException {
    FileChannel file = spool.open();
    try {
      MessageDigest name = PackWriter.sha256();
      byte[] buffer = new byte[256 * 1024]; // also bounds the JDK's per-thread direct buffer for the writes
      long size = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        size += n;
        if (size > limit) {
          throw new IntegrityException("pack " + id + " is larger than " + limit + " bytes");
        }
        name.update(buffer, 0, n);
        for (ByteBuffer b = ByteBuffer.wrap(buffer, 0, n); b.hasRemaining(); ) {
          file.write(b);
        }
      }
      PackReader.checkDigest(id, name.digest());
      return new SpooledPack(file, size);
    } catch (IOException | RuntimeException | Error e) {
      try {
        file.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  public long size() {
    return size;
  }

  /** {@code length} bytes from {@code offset}, which must lie within the pack. */
  public byte[] read(long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new PackFormatException("bytes " + offset + ".." + (offset + length) + " lie outside a pack of " + size);
    }
    byte[] bytes = new byte[length];
    for (ByteBuffer b = ByteBuffer.wrap(bytes); b.hasRemaining(); ) {
      if (file.read(b, offset + b.position()) < 0) {
        throw new EOFException("spool file ended early");
      }
    }
    return bytes;
  }

  /** The pack's authenticated header, read from its end. */
  public PackContents header(PackId id, PackReader reader) throws IOException {
    int trailer = (int) Math.min(size, PackFormat.TRAILER_BYTES);
    return reader.headerFromTail(id, size, read(size - trailer, trailer), needed -> read(size - needed, (int) needed));
  }

  /** The pack's bytes for a put, read from the spool file. */
  public BlobContent content() {
    return BlobContent.of(file, size);
  }

  /** Discards the spool file. */
  @Override
  public void close() throws IOException {
    file.close();
  }
}
