package dev.pouch.agent.source;

import dev.pouch.agent.snapshot.EntryType;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One thing to capture from the source. For files, {@code captureBytes} is how many bytes from the start are read:
 * the size seen at scan time, or less for a live file cut at a validated boundary (a Wombat WAL).
 *
 * @param growth how the file changes, which decides how an incremental backup recognises it as unchanged
 */
public record SourceEntry(
    String path,
    Path absolute,
    EntryType type,
    int mode,
    Instant mtime,
    long captureBytes,
    Long inode,
    Long device,
    String linkTarget,
    Growth growth) {

  /** How a file changes over time. */
  public enum Growth {
    /** Anything may change: unchanged means same size, mtime, inode, device and mode. */
    MUTABLE,
    /** Written once, never changed (an SSTable): unchanged also means the same first and last bytes. */
    IMMUTABLE,
    /**
     * Only appended to (WAL, value log, MANIFEST): the bytes before the previous end are taken as unchanged when
     * the identity and the first bytes match, so only the new tail is read.
     */
    APPEND_ONLY
  }

  /** This entry with another capture length (a cut moved back, or a file that grew). */
  public SourceEntry withCaptureBytes(long bytes) {
    return new SourceEntry(path, absolute, type, mode, mtime, bytes, inode, device, linkTarget, growth);
  }

  public SourceEntry withGrowth(Growth g) {
    return new SourceEntry(path, absolute, type, mode, mtime, captureBytes, inode, device, linkTarget, g);
  }
}
