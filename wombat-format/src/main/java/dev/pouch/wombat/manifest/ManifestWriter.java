package dev.pouch.wombat.manifest;

import dev.pouch.wombat.bytes.ByteSink;
import java.io.IOException;

/** Appends changes to a MANIFEST, one line per change, as {@code writeChange} does. Not thread-safe. */
public final class ManifestWriter {
  private final ByteSink sink;

  /** A writer appending to {@code sink} at its current end. */
  public ManifestWriter(ByteSink sink) {
    this.sink = sink;
  }

  /** Appends {@code change}; returns the offset of its line. */
  public long append(ManifestChange change) throws IOException {
    byte[] line = ManifestCodec.encodeLine(change);
    long at = sink.length();
    sink.write(at, line, 0, line.length);
    return at;
  }
}
