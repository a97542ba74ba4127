package dev.pouch.storage.fault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A stream that ends early, fails after some bytes, or flips bits at given offsets, as its faults say. */
final class FaultyInputStream extends FilterInputStream {

  private final long endAt;
  private final long failAt;
  private final List<Long> flipOffsets;
  private final String failureMessage;
  private long position;

  /**
   * @param endAt offset at which the stream reports end of stream ({@code Long.MAX_VALUE}: never)
   * @param failAt offset at which reads throw ({@code Long.MAX_VALUE}: never)
   * @param flipOffsets offsets whose lowest bit is flipped
   */
  FaultyInputStream(InputStream in, long endAt, long failAt, List<Long> flipOffsets, String failureMessage) {
    super(in);
    this.endAt = endAt;
    this.failAt = failAt;
    this.flipOffsets = List.copyOf(flipOffsets);
    this.failureMessage = failureMessage;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (position >= endAt) {
      return -1;
    }
    if (position >= failAt) {
      throw new IOException(failureMessage);
    }
    int allowed = (int) Math.min(length, Math.min(endAt, failAt) - position);
    int n = super.read(buffer, offset, allowed);
    if (n > 0) {
      for (long flip : flipOffsets) {
        if (flip >= position && flip < position + n) {
          buffer[offset + (int) (flip - position)] ^= 1;
        }
      }
      position += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // read rather than skip so that truncation and failure offsets stay exact
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.max(0, Math.min(super.available(), Math.min(endAt, failAt) - position));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
