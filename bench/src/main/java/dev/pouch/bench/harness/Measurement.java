package dev.pouch.bench.harness;

/**
 * One measured step of one tool on one data set.
 *
 * @param round           which round of the sequence ({@code --rounds}), from 1
 * @param peakHeapBytes   largest heap in use at a GC, for JVM tools with a GC log; -1 when unknown or not a JVM
 * @param repositoryBytes sum of the repository's file sizes after the step
 * @param addedBytes      growth of the repository during the step (negative when it shrank)
 * @param filesWritten    repository files created or modified by the step (for restore: files restored)
 * @param exitStatus      the tool's exit status; non-zero means the step failed and its figures are not comparable
 */
public record Measurement(String mix, int round, String tool, Operation operation, double wallSeconds,
    double cpuSeconds, long peakRssBytes, long peakHeapBytes, long repositoryBytes, long addedBytes, int filesWritten,
    int exitStatus) {

  public boolean failed() {
    return exitStatus != 0;
  }
}
