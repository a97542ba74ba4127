package dev.pouch.agent.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What the demo did and whether the restore matched the source byte for byte. */
public record DemoReport(
    Path workDir,
    Path source,
    Path repository,
    Path restored,
    List<Step> steps,
    boolean restoreMatches,
    List<String> mismatches) {

  /** One timed step with its figures. */
  public record Step(String name, Duration duration, int files, long bytesRead, long bytesAdded, long bytesStored,
      String snapshot) {}
}
