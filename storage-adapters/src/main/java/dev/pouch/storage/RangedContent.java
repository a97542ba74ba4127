package dev.pouch.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** A {@link BlobContent} of a known length whose ranges one function opens, after checking them. */
final class RangedContent implements BlobContent {

  @FunctionalInterface
  interface Opener {
    InputStream open(long from, long count) throws IOException;
  }

  private final long length;
  private final Opener opener;

  RangedContent(long length, Opener opener) {
    this.length = length;
    this.opener = opener;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream open(long from, long count) throws IOException {
    Objects.checkFromIndexSize(from, count, length);
    return opener.open(from, count);
  }
}
