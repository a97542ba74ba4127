package dev.pouch.agent.monitoring;

import java.util.Locale;

/**
 * The two kinds of scheduled backup. An incremental backup skips files whose size, mtime and inode are unchanged
 * since the parent snapshot; a full backup re-reads and re-hashes every file (the seed's weekly full), so silent
 * changes that keep size and mtime are caught. Both deduplicate against the repository.
 */
public enum BackupKind {
  FULL,
  INCREMENTAL;

  /** The metric label and snapshot tag: {@code full}, {@code incremental}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
