package dev.pouch.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Borg with {@code --encryption=repokey} and its defaults (lz4 compression, buzhash chunks of about 2 MiB, files
 * cache). The passphrase travels in {@code BORG_PASSPHRASE}; caches and keys live in the harness's work directory.
 * Archives are created from the source's parent with a relative path, so extracting into an empty directory
 * recreates {@code <target>/<source name>}.
 */
final class BorgTool implements BackupTool {

  private final String executable;
  private final String version;
  private final Map<String, String> environment;

  BorgTool(String executable, String version, String passphrase, Path baseDirectory) {
    this.executable = executable;
    this.version = version;
    this.environment = Map.of("BORG_PASSPHRASE", passphrase, "BORG_BASE_DIR", baseDirectory.toString(),
        "BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes");
  }

  @Override
  public String name() {
    return "borg";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Invocation init(Path repository) {
    return run(null, "init", "--encryption=repokey", repository.toString());
  }

  @Override
  public Invocation backup(Path repository, Path source, int sequence) {
    Path absolute = source.toAbsolutePath();
    return run(absolute.getParent(), "create", repository + "::bench-" + sequence,
        absolute.getFileName().toString());
  }

  @Override
  public Invocation restore(Path repository, Path target, int sequence) {
    return run(target, "extract", repository + "::bench-" + sequence);
  }

  @Override
  public Invocation verify(Path repository) {
    return run(null, "check", "--verify-data", repository.toString());
  }

  @Override
  public Path restoredSource(Path target, Path source) {
    return target.resolve(source.getFileName().toString());
  }

  private Invocation run(Path directory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(List.of(args));
    return new Invocation(command, environment, directory);
  }
}
