package dev.pouch.wombat.manifest;

import dev.pouch.wombat.bytes.ByteSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a MANIFEST: cuts a torn last line, parses every complete line and keeps unparseable ones as values.
 * Stateless and thread-safe.
 */
public final class ManifestReader {
  /** MANIFESTs hold one short line per flush; anything beyond this is not a MANIFEST. */
  public static final long MAX_MANIFEST_BYTES = 256L << 20;

  private ManifestReader() {}

  /** Reads the whole of {@code source}. */
  public static ManifestLog read(ByteSource source) throws IOException {
    if (source.length() > MAX_MANIFEST_BYTES) {
      throw new IOException("MANIFEST of " + source.length() + " bytes exceeds " + MAX_MANIFEST_BYTES);
    }
    return read(source.read(0, (int) source.length()));
  }

  /** Parses {@code content}. */
  public static ManifestLog read(byte[] content) {
    List<ManifestLog.Entry> entries = new ArrayList<>();
    List<ManifestLog.UnparseableLine> rejected = new ArrayList<>();
    int lineStart = 0;
    int lineNumber = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') {
        continue;
      }
      lineNumber++;
      int length = i - lineStart;
      if (length > 0) {
        ParsedLine parsed = ManifestCodec.parseLine(content, lineStart, length);
        if (parsed instanceof ParsedLine.Parsed p) {
          entries.add(new ManifestLog.Entry(lineNumber, lineStart, p.change()));
        } else if (parsed instanceof ParsedLine.Rejected r) {
          rejected.add(new ManifestLog.UnparseableLine(lineNumber, lineStart, length, r.reason()));
        }
      }
      lineStart = i + 1;
    }
    return new ManifestLog(entries, rejected, lineStart, content.length);
  }
}
