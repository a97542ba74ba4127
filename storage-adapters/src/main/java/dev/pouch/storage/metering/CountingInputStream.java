package dev.pouch.storage.metering;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** Reports every byte read through it, and every read failure, as they happen. */
final class CountingInputStream extends FilterInputStream {

  private final LongConsumer bytesRead;
  private final Consumer<IOException> failed;

  CountingInputStream(InputStream in, LongConsumer bytesRead, Consumer<IOException> failed) {
    super(in);
    this.bytesRead = bytesRead;
    this.failed = failed;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      if (b >= 0) {
        bytesRead.accept(1);
      }
      return b;
    } catch (IOException e) {
      failed.accept(e);
      throw e;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        bytesRead.accept(n);
      }
      return n;
    } catch (IOException e) {
      failed.accept(e);
      throw e;
    }
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would count bytes twice
  }
}
