package dev.pouch.agent.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the demo did and whether the restore was right: the restored directory verified by meaning, its state equals
 * the simulator's ground truth at the WAL cuts the backup recorded, and every restored file equals the bytes the
 * source held at capture time.
 */
public record DemoReport(
    Path workDir,
    Path source,
    Path repository,
    Path restored,
    List<Step> steps,
    long writesDuringBackups,
    String restoredDigest,
    boolean matchesGroundTruth,
    boolean restoreMatches,
    List<String> mismatches) {

  /** One timed step with its figures. */
  public record Step(String name, Duration duration, int files, long bytesRead, long bytesAdded, long bytesStored,
      String snapshot) {}
}
