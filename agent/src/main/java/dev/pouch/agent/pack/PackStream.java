package dev.pouch.agent.pack;

import dev.pouch.agent.repository.PackId;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A pack read front to back from one stream, as verify reads it: every byte goes into the SHA-256 that must equal the
 * pack's name, the caller takes the chunks it wants as the stream passes them, and the last bytes (the sealed header
 * and trailer) are kept. Memory holds one chunk and the tail, not the pack, whatever its size.
 */
public final class PackStream {

  /** Bytes kept from the end: a header of 41 bytes per chunk fits for ~6,000 chunks; a larger one is read again. */
  static final int TAIL_BYTES = 256 * 1024;

  private final InputStream in;
  private final long size;
  private final MessageDigest name;
  private final byte[] tail;
  private final long tailStart;
  private final byte[] skipped = new byte[64 * 1024];
  private long position;

  /** A pack of {@code size} bytes (its listed size) read from {@code in}, which the caller closes. */
  public PackStream(InputStream in, long size) {
    this.in = in;
    this.size = size;
    // a negative listed size (a broken or hostile listing) keeps nothing and fails the name check
    this.tail = new byte[(int) Math.max(0, Math.min(size, TAIL_BYTES))];
    this.tailStart = size - tail.length;
    this.name = PackWriter.sha256();
  }

  /** Offset of the next byte the stream gives. */
  public long position() {
    return position;
  }

  /** Reads (and hashes) the bytes up to {@code offset}; false when the stream ends before. */
  public boolean skipTo(long offset) throws IOException {
    while (position < offset) {
      int n = in.read(skipped, 0, (int) Math.min(skipped.length, offset - position));
      if (n < 0) {
        return false;
      }
      consumed(skipped, n);
    }
    return true;
  }

  /** Reads the next {@code length} bytes into the start of {@code buffer}; false when the stream ends before. */
  public boolean read(byte[] buffer, int length) throws IOException {
    int n = in.readNBytes(buffer, 0, length);
    consumed(buffer, n);
    return n == length;
  }

  /**
   * Reads the rest of the stream: true when it ended at exactly the listed size and everything it gave hashes to
   * {@code id}.
   */
  public boolean endsAsNamed(PackId id) throws IOException {
    if (!skipTo(size) || position != size || in.read() >= 0) {
      return false;
    }
    return MessageDigest.isEqual(name.digest(), id.bytes());
  }

  /** The pack's last bytes, up to {@link #TAIL_BYTES}; complete once {@link #endsAsNamed} returned true. */
  public byte[] tail() {
    return tail;
  }

  private void consumed(byte[] bytes, int n) {
    if (n <= 0) {
      return;
    }
    name.update(bytes, 0, n);
    long from = Math.max(position, tailStart);
    long to = Math.min(position + n, size); // bytes past the listed size are hashed, never kept
    if (from < to) {
      System.arraycopy(bytes, (int) (from - position), tail, (int) (from - tailStart), (int) (to - from));
    }
    position += n;
  }
}
