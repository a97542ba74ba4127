package dev.pouch.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pouch run as {@code java [options] -jar pouch.jar} with a chosen JDK, the password in a file. Every run writes a
 * unified GC log next to its output so the harness can report the peak heap; {@code maxHeap} adds {@code -Xmx}, and
 * {@code profile} records a JFR profile per run.
 */
final class PouchTool implements BackupTool {

  private final String name;
  private final Path java;
  private final Path jar;
  private final String version;
  private final Path passwordFile;
  private final Optional<String> maxHeap;
  private final boolean profile;
  private final Path logDirectory;
  private int runs;

  PouchTool(String name, Path java, Path jar, String version, Path passwordFile, Optional<String> maxHeap,
      boolean profile, Path logDirectory) {
    this.name = name;
    this.java = java;
    this.jar = jar;
    this.version = version;
    this.passwordFile = passwordFile;
    this.maxHeap = maxHeap;
    this.profile = profile;
    this.logDirectory = logDirectory;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Invocation init(Path repository) {
    return run("init", "--repo", repository.toString(), "--password-file", passwordFile.toString());
  }

  @Override
  public Invocation backup(Path repository, Path source, int sequence) {
    return run("backup", "--repo", repository.toString(), "--password-file", passwordFile.toString(),
        "--host", "bench", source.toString());
  }

  @Override
  public Invocation restore(Path repository, Path target, int sequence) {
    return run("restore", "latest", "--repo", repository.toString(), "--password-file", passwordFile.toString(),
        "--target", target.toString());
  }

  @Override
  public Invocation verify(Path repository) {
    return run("verify", "--read-data", "--repo", repository.toString(), "--password-file",
        passwordFile.toString());
  }

  @Override
  public Path restoredSource(Path target, Path source) {
    return target;
  }

  /** The GC log of the most recent invocation built (the harness runs each invocation right after building it). */
  Path lastGcLog() {
    return logDirectory.resolve(name + "-" + runs + ".gc.log");
  }

  private Invocation run(String... args) {
    runs++;
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    maxHeap.ifPresent(h -> command.add("-Xmx" + h));
    command.add("-Xlog:gc:file=" + lastGcLog());
    if (profile) {
      command.add("-XX:StartFlightRecording=filename=" + logDirectory.resolve(name + "-" + runs + ".jfr")
          + ",settings=profile");
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new Invocation(command, Map.of(), null);
  }
}
