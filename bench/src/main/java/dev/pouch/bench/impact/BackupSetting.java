package dev.pouch.bench.impact;

import dev.pouch.agent.throttle.ReadLimits;
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

  /** The settings the issue asks for, in the order they run, for the cores of this machine. */
  static List<BackupSetting> all() {
    String threads = Integer.toString(ReadLimits.sidecarThreads(Runtime.getRuntime().availableProcessors()));
    return List.of(
        new BackupSetting(UNTHROTTLED, List.of("--page-cache", "through"), "pouch before issue 12: no limit, normal "
            + "priority, buffered reads, all cores"),
        new BackupSetting("cli-default", List.of(), "pouch backup defaults: no limit, normal priority, SSTs not "
            + "cached read with O_DIRECT, all cores"),
        new BackupSetting("low-priority", List.of("--priority", "low"), "cli-default at nice 10 in the idle I/O "
            + "class"),
        new BackupSetting(SIDECAR, List.of("--priority", "low", "--threads", threads), "pouch run defaults (limits: "
            + "unset): low priority and one compression worker fewer than the cores"),
        new BackupSetting("idle-priority", List.of("--priority", "idle", "--threads", threads), "sidecar-default "
            + "with --priority idle (SCHED_IDLE instead of nice 10)"),
        new BackupSetting("throttled-50MiB", List.of("--priority", "low", "--threads", threads, "--limit-read",
            "50MiB/s"), "sidecar-default with --limit-read 50MiB/s"),
        new BackupSetting("adaptive", List.of("--priority", "low", "--threads", threads, "--adaptive"),
            "sidecar-default with --adaptive (4..256 MiB/s, AIMD on disk busy time and WAL growth)"));
  }
}
