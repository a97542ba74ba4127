package dev.pouch.wombat.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * A MANIFEST as read: its parsed changes, its unparseable lines and where its complete lines end.
 *
 * @param entries parsed changes in file order
 * @param unparseable lines Wombat would skip, in file order
 * @param completeLength bytes up to and including the last {@code \n}: what a backup copies
 * @param totalLength bytes read
 */
public record ManifestLog(
    List<Entry> entries, List<UnparseableLine> unparseable, long completeLength, long totalLength) {

  /** Copies the lists. */
  public ManifestLog {
    entries = List.copyOf(entries);
    unparseable = List.copyOf(unparseable);
  }

  /**
   * A parsed line.
   *
   * @param lineNumber 1-based line number
   * @param offset byte offset of the line
   * @param change the change
   */
  public record Entry(int lineNumber, long offset, ManifestChange change) {}

  /**
   * A line Wombat would skip.
   *
   * @param lineNumber 1-based line number
   * @param offset byte offset of the line
   * @param length line length without {@code \n}
   * @param reason why it does not parse
   */
  public record UnparseableLine(int lineNumber, long offset, int length, String reason) {}

  /** Whether a last line without {@code \n} was cut off. */
  public boolean tornTail() {
    return completeLength < totalLength;
  }

  /** Whether the file is empty or ends on {@code \n}, the binding check for a captured MANIFEST. */
  public boolean endsWithNewline() {
    return completeLength == totalLength;
  }

  /** The changes, in order. */
  public List<ManifestChange> changes() {
    List<ManifestChange> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(e.change());
    }
    return out;
  }

  /** The levels after applying every change, as Wombat's {@code loadFromDisk} does. */
  public ManifestLevels replay() {
    return ManifestLevels.replay(changes());
  }
}
