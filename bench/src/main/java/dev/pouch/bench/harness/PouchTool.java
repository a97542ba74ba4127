package dev.pouch.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pouch run as {@code bin/pouch} runs it ({@code java [options] -jar pouch.jar} with the launcher's JVM options and a
 * startup cache: an AOT cache on JDK 25 and newer, else a class-data-sharing archive per command), with a chosen JDK
 * and the password in a file. Every run writes a unified GC log next to its output so the harness can report the peak
 * heap; {@code maxHeap} replaces the launcher's {@code -Xmx}, and {@code profile} records a JFR profile per run.
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
  private final Path cacheDirectory;
  private final boolean aotCache;
  private int runs;

  /** The JVM options {@code bin/pouch} uses when POUCH_JAVA_OPTS is unset (heap given separately). */
  static final List<String> LAUNCHER_OPTIONS = List.of("-XX:+UseSerialGC");
  static final String LAUNCHER_HEAP = "256m";

  PouchTool(String name, Path java, Path jar, String version, Path passwordFile, Optional<String> maxHeap,
      boolean profile, Path logDirectory, Path cacheDirectory, int javaFeature) {
    this.name = name;
    this.java = java;
    this.jar = jar;
    this.version = version;
    this.passwordFile = passwordFile;
    this.maxHeap = maxHeap;
    this.profile = profile;
    this.logDirectory = logDirectory;
    this.cacheDirectory = cacheDirectory;
    this.aotCache = javaFeature >= 25;
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

  @Override
  public TreeComparison.Expectation restoreExpectation() {
    return TreeComparison.Expectation.WOMBAT_CAPTURE;
  }

  /**
   * As bin/pouch: on JDK 25+ one AOT cache, trained by {@code pouch demo} ({@link #aotTraining}); older JDKs write a
   * class-data-sharing archive per command at the end of its first run.
   */
  private List<String> startupCache(String command) {
    if (!aotCache) {
      return List.of("-XX:SharedArchiveFile=" + cacheDirectory.resolve("cds-" + command + ".jsa"),
          "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
    return Files.isRegularFile(aotCacheFile())
        ? List.of("-XX:AOTCache=" + aotCacheFile(), "-Xlog:aot=off", "-Xlog:cds=off") : List.of();
  }

  private Path aotCacheFile() {
    return cacheDirectory.resolve("pouch.aot");
  }

  /**
   * The launcher's training of the AOT cache, run in order: {@code pouch demo} recording in {@code work}, then the
   * cache built from the recording. Empty before JDK 25 (the per-command archives are written by warm-up runs).
   */
  List<Invocation> aotTraining(Path work) {
    if (!aotCache || profile) {
      return List.of();
    }
    Path conf = work.resolve("pouch.aotconf");
    return List.of(
        jvm(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf, "-Xlog:aot=off", "-Xlog:cds=off"),
            "demo", "--dir", work.resolve("demo").toString()),
        jvm(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + aotCacheFile(),
            "-Xlog:aot=off", "-Xlog:cds=off")));
  }

  /** {@code java} with the launcher's options, then {@code jvmOptions}, then the jar and {@code args}. */
  private Invocation jvm(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(LAUNCHER_OPTIONS);
    command.add("-Xmx" + maxHeap.orElse(LAUNCHER_HEAP));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new Invocation(command, Map.of(), null);
  }

  /** The GC log of the most recent invocation built (the harness runs each invocation right after building it). */
  Path lastGcLog() {
    return logDirectory.resolve(name + "-" + runs + ".gc.log");
  }

  private Invocation run(String... args) {
    runs++;
    List<String> jvmOptions = new ArrayList<>();
    if (!profile) { // JFR is off while the JVM writes an archive
      jvmOptions.addAll(startupCache(args[0]));
    }
    jvmOptions.add("-Xlog:gc:file=" + lastGcLog());
    if (profile) {
      jvmOptions.add("-XX:StartFlightRecording=filename=" + logDirectory.resolve(name + "-" + runs + ".jfr")
          + ",settings=profile");
    }
    return jvm(jvmOptions, args);
  }
}
