package dev.pouch.agent.throttle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Pays for every byte read through it from a {@link ReadThrottle}, in slices of at most 64 KiB so that a large read
 * (the chunker asks for megabytes at once) becomes an even flow rather than one burst followed by a long wait.
 */
final class ThrottledInputStream extends FilterInputStream {

  static final int MAX_SLICE_BYTES = 64 * 1024;

  private final ReadThrottle throttle;

  ThrottledInputStream(InputStream in, ReadThrottle throttle) {
    super(in);
    this.throttle = throttle;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      throttle.take(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, Math.min(length, MAX_SLICE_BYTES));
    if (n > 0) {
      throttle.take(n);
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
