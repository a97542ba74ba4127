package dev.pouch.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an {@link Invocation} under GNU {@code /usr/bin/time -v}, with stdout and stderr sent to log files, and
 * measures its wall time from this JVM. CPU time and peak RSS come from {@code time}, which sees the whole process
 * (for pouch that includes JVM start-up and the JIT threads).
 */
public final class MeasuredProcess {

  private final Path timeExecutable;
  private final Path logDirectory;

  public MeasuredProcess(Path timeExecutable, Path logDirectory) {
    this.timeExecutable = timeExecutable;
    this.logDirectory = logDirectory;
  }

  /** The outcome of one run. */
  public record Outcome(double wallSeconds, TimeReport time, Path stdout, Path stderr) {}

  /**
   * Runs {@code invocation}; {@code label} names the log files. A command that exits non-zero is an outcome, not an
   * exception ({@link TimeReport#exitStatus()}); failing to start it or to read {@code time}'s report throws.
   */
  public Outcome run(String label, Invocation invocation) throws IOException, InterruptedException {
    Files.createDirectories(logDirectory);
    Path timeFile = logDirectory.resolve(label + ".time");
    Path stdout = logDirectory.resolve(label + ".out");
    Path stderr = logDirectory.resolve(label + ".err");
    List<String> command = new ArrayList<>(List.of(timeExecutable.toString(), "-v", "-o", timeFile.toString()));
    command.addAll(invocation.command());
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    if (invocation.workingDirectory() != null) {
      builder.directory(invocation.workingDirectory().toFile());
    }
    builder.environment().putAll(invocation.environment());
    long start = System.nanoTime();
    Process process = builder.start();
    int exit = process.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    TimeReport time;
    try {
      time = TimeReport.parse(Files.readString(timeFile, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(label + " exited with " + exit + " and left no usable time report; see " + stderr, e);
    }
    return new Outcome(wall, time, stdout, stderr);
  }
}
