package dev.pouch.storage.ratelimit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** Pays for every byte read through it from a {@link TokenBucket}, in slices small enough to keep the flow even. */
final class ThrottledInputStream extends FilterInputStream {

  private static final int MAX_SLICE_BYTES = 64 * 1024;

  private final TokenBucket bucket;

  ThrottledInputStream(InputStream in, TokenBucket bucket) {
    super(in);
    this.bucket = bucket;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      pay(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, Math.min(length, MAX_SLICE_BYTES));
    if (n > 0) {
      pay(n);
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void pay(int bytes) throws InterruptedIOException {
    try {
      bucket.take(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while throttled");
      interrupted.initCause(e);
      throw interrupted;
    }
  }
}
