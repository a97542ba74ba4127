package dev.pouch.agent.run;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.monitoring.BackupKind;
import dev.pouch.agent.source.CaptureStrategy;
import java.io.IOException;

/**
 * Decides, at each scheduled backup, what to back up and how to capture it (the CLI builds it from the config:
 * source path, excludes, Wombat or plain capture, limits).
 */
@FunctionalInterface
public interface BackupPlanner {

  /** A backup ready to run. */
  record PlannedBackup(BackupRequest request, CaptureStrategy strategy) {}

  /** Plans a backup of {@code kind}; a full backup must set {@link BackupRequest#forceRehash()}. */
  PlannedBackup plan(BackupKind kind) throws IOException;
}
