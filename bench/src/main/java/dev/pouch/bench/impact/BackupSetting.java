package dev.pouch.bench.impact;

import java.util.List;

/**
 * One way of running the backup under test: {@code pouch backup} with these extra arguments.
 *
 * @param name short label for the table
 * @param arguments extra {@code pouch backup} arguments
 * @param meaning what the setting stands for
 */
record BackupSetting(String name, List<String> arguments, String meaning) {

  BackupSetting {
    arguments = List.copyOf(arguments);
  }

  /** Name of the setting whose duration is the unthrottled reference. */
  static final String UNTHROTTLED = "unthrottled";

  /** Name of the setting that stands for {@code pouch run}'s defaults. */
  static final String SIDECAR = "sidecar-default";

  /** The settings the issue asks for, in the order they run. */
  static List<BackupSetting> all() {
    return List.of(
        new BackupSetting(UNTHROTTLED, List.of("--page-cache", "through"), "pouch before issue 12: no limit, normal "
            + "priority, buffered reads"),
        new BackupSetting("cli-default", List.of(), "pouch backup defaults: no limit, normal priority, SSTs not "
            + "cached read with O_DIRECT"),
        new BackupSetting(SIDECAR, List.of("--priority", "low"), "pouch run defaults (limits: unset): as cli-default "
            + "at nice 10, idle I/O class"),
        new BackupSetting("sidecar-1-thread", List.of("--priority", "low", "--threads", "1"), "sidecar-default "
            + "with one compression worker (leaves a core to the database on two cores)"),
        new BackupSetting("throttled-50MiB", List.of("--priority", "low", "--limit-read", "50MiB/s"),
            "sidecar-default with --limit-read 50MiB/s"),
        new BackupSetting("adaptive", List.of("--priority", "low", "--adaptive"), "sidecar-default with --adaptive "
            + "(4..256 MiB/s, AIMD on disk busy time and WAL growth)"));
  }
}
