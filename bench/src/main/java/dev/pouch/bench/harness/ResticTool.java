package dev.pouch.bench.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * restic with its defaults (repository format 2, automatic zstd compression, 1 MiB average content-defined chunks).
 * The password travels in {@code RESTIC_PASSWORD}; the local cache lives in the harness's work directory.
 */
final class ResticTool implements BackupTool {

  private final String executable;
  private final String version;
  private final Map<String, String> environment;

  ResticTool(String executable, String version, String password, Path cacheDirectory) {
    this.executable = executable;
    this.version = version;
    this.environment = Map.of("RESTIC_PASSWORD", password, "RESTIC_CACHE_DIR", cacheDirectory.toString());
  }

  @Override
  public String name() {
    return "restic";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Invocation init(Path repository) {
    return run(null, "-r", repository.toString(), "init");
  }

  @Override
  public Invocation backup(Path repository, Path source, int sequence) {
    return run(null, "-r", repository.toString(), "backup", "--host", "bench", source.toString());
  }

  @Override
  public Invocation restore(Path repository, Path target, int sequence) {
    return run(null, "-r", repository.toString(), "restore", "latest", "--target", target.toString());
  }

  @Override
  public Invocation verify(Path repository) {
    return run(null, "-r", repository.toString(), "check", "--read-data");
  }

  @Override
  public Path restoredSource(Path target, Path source) {
    // restic restores the absolute source path below the target.
    return target.resolve(source.toAbsolutePath().toString().substring(1));
  }

  private Invocation run(Path directory, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(executable);
    command.addAll(List.of(args));
    return new Invocation(command, environment, directory);
  }
}
