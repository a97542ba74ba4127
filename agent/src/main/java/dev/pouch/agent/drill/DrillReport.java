package dev.pouch.agent.drill;

import java.util.List;

/**
 * The report of a drill (the JSON of {@code pouch drill --json}, docs/json-output.md).
 *
 * @param drill this drill
 * @param history every drill in the repository, oldest first, this one included
 * @param backups every snapshot's backup figures, oldest first
 * @param unreadableHistory drill records that failed to open (reported, not fatal)
 */
public record DrillReport(DrillRecord drill, List<DrillRecord> history, List<BackupPoint> backups,
    List<String> unreadableHistory) {

  public DrillReport {
    history = List.copyOf(history);
    backups = List.copyOf(backups);
    unreadableHistory = List.copyOf(unreadableHistory);
  }
}
