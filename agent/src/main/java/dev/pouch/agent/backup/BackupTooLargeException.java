package dev.pouch.agent.backup;

import java.io.IOException;

/** The source exceeds the configured {@code max_backup_size}; nothing was written. */
public final class BackupTooLargeException extends IOException {
  public BackupTooLargeException(String message) {
    super(message);
  }
}
