package dev.pouch.agent.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a snapshot's tree.
 *
 * @param path relative path with {@code /} separators; never absolute, never containing {@code ..} (restore checks)
 * @param mode POSIX permission bits (07777)
 * @param size file size in bytes (the sum of its chunks' raw lengths)
 * @param chunks chunk ids (hex) in file order; empty for empty files and non-files
 * @param linkTarget for symlinks, the target as stored
 * @param inode, device identity at backup time, used to recognise unchanged files without reading them
 * @param fingerprint SHA-256 (hex) of the first bytes (append-only files) or of the first and last 4 KiB (immutable
 *     files), so an incremental backup can trust a prefix or a whole file without reading it; null for others
 */
public record FileEntry(
    String path,
    EntryType type,
    int mode,
    Instant mtime,
    long size,
    List<String> chunks,
    String linkTarget,
    Long inode,
    Long device,
    String fingerprint) {

  /** The longest path (in characters) restore accepts; backup skips longer ones rather than store them. */
  public static final int MAX_PATH_CHARS = 4096;

  /** The deepest path (in segments) restore accepts; backup skips deeper ones rather than store them. */
  public static final int MAX_DEPTH = 256;

  public FileEntry {
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
  }

  /** An entry without a fingerprint. */
  public FileEntry(String path, EntryType type, int mode, Instant mtime, long size, List<String> chunks,
      String linkTarget, Long inode, Long device) {
    this(path, type, mode, mtime, size, chunks, linkTarget, inode, device, null);
  }
}
