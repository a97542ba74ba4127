package dev.pouch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/pouch's startup caches: what a command prints and its exit code never depend on whether a cache is being trained
 * or used, and a cache older than the jar is not used. Runs the real launcher on the jar the build made.
 */
class LauncherTest {

  static final Path REPO_ROOT = DeployFiles.ROOT.getParent();
  static final Path LAUNCHER = REPO_ROOT.resolve("bin/pouch");
  static final Path JAR = REPO_ROOT.resolve("agent/target/pouch.jar");

  @TempDir Path dir;
  Path cache;
  Path passwordFile;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void jarBuilt() throws IOException {
    // Without the agent's jar (e.g. `-pl deploy` alone) the launcher would start a Maven build of its own.
    assumeTrue(Files.isRegularFile(JAR), "agent/target/pouch.jar is built by `./mvnw verify` before this module");
    cache = dir.resolve("cache");
    passwordFile = Files.writeString(dir.resolve("password"), "not used\n");
  }

  /** A command that fails fast and the same way every time: a repository that does not exist. */
  Run snapshots(String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "snapshots", "--repo",
        dir.resolve("missing").toString(), "--password-file", passwordFile.toString()));
    command.addAll(List.of(extra));
    return run(command);
  }

  Run run(List<String> command) throws Exception {
    return run(command, Map.of());
  }

  Run run(List<String> command, Map<String, String> environment) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile());
    pb.environment().put("POUCH_CACHE_DIR", cache.toString());
    pb.environment().remove("POUCH_NO_CDS");
    pb.environment().remove("POUCH_JAVA_OPTS");
    pb.environment().putAll(environment);
    int exit = pb.start().waitFor();
    return new Run(exit, Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  List<String> cacheFiles() throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  boolean aotLauncher() throws IOException {
    return cacheFiles().stream().anyMatch(f -> f.startsWith("aot-"));
  }

  /** Waits for the background training to end and returns the cache it built. */
  Path awaitTrainedCache() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (Instant.now().isBefore(deadline)) {
      List<String> files = cacheFiles();
      if (files.stream().noneMatch(f -> f.endsWith(".training"))) {
        assertThat(files).singleElement().asString().matches("aot-.*\\.aot");
        return cache.resolve(files.get(0));
      }
      Thread.sleep(250);
    }
    throw new AssertionError("training still running after 180 s: " + cacheFiles());
  }

  @Test
  void trainingInTheBackgroundAndUsingTheCacheLeaveTheOutputAndExitCodeAlone() throws Exception {
    Run first = snapshots();
    assertThat(first.exit()).isEqualTo(5);
    assertThat(first.out()).isEmpty();
    assertThat(first.err()).startsWith("pouch: no repository at ").doesNotContain("AOT", "[warning]", "[error");
    if (Runtime.version().feature() >= 25) { // the launcher picks the newest JDK, so at least this test's
      assertThat(aotLauncher()).as("AOT cache training on JDK %s", Runtime.version()).isTrue();
    }
    if (!aotLauncher()) { // JDK 21-24: one class-data-sharing archive per command, written by its first run
      assertThat(cacheFiles()).singleElement().asString().matches("cds-.*-snapshots\\.jsa");
      assertThat(snapshots()).isEqualTo(first);
      return;
    }
    assertThat(cacheFiles()).singleElement().asString().matches("aot-.*-\\d+\\.training");
    assertThat(snapshots()).isEqualTo(first); // while the training runs: no second one
    assertThat(cacheFiles()).hasSize(1);

    Path aot = awaitTrainedCache();
    assertThat(snapshots()).isEqualTo(first);
    assertThat(cacheFiles()).containsExactly(aot.getFileName().toString());
  }

  @Test
  void aCacheOlderThanTheJarIsDroppedAndAFailedTrainingIsNotRetried() throws Exception {
    snapshots();
    assumeTrue(aotLauncher(), "the launcher picked a JDK older than 25 (class-data sharing instead)");
    Path aot = awaitTrainedCache();
    // As after a rebuild of the jar: the cache predates it.
    Files.setLastModifiedTime(aot, FileTime.from(Files.getLastModifiedTime(JAR).toInstant().minusSeconds(3600)));
    Run afterRebuild = snapshots();
    assertThat(afterRebuild.exit()).isEqualTo(5);
    assertThat(afterRebuild.err()).doesNotContain("AOT", "[warning]", "[error");
    assertThat(cacheFiles()).singleElement().asString().endsWith(".training");
    awaitTrainedCache();

    String base = aot.getFileName().toString().replaceFirst("\\.aot$", "");
    Files.delete(aot);
    Files.writeString(cache.resolve(base + ".failed"), "");
    assertThat(snapshots().exit()).isEqualTo(5);
    assertThat(cacheFiles()).containsExactly(base + ".failed");
  }

  @Test
  void helpStartsNoTraining() throws Exception {
    Run help = run(List.of(LAUNCHER.toString(), "snapshots", "--help"));
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: pouch snapshots");
    assertThat(run(List.of(LAUNCHER.toString(), "--version")).out()).startsWith("pouch ");
    assertThat(cacheFiles()).isEmpty();
  }

  @Test
  void anUnwritableCacheDirectoryOnlyMeansNoCache() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");
    cache = file.resolve("cache"); // below a regular file: cannot be created
    Run run = snapshots();
    assertThat(run.exit()).isEqualTo(5);
    assertThat(run.err()).startsWith("pouch: no repository at ");
  }

  @Test
  void tmpdirIsWherePacksFillAndAMissingOneIsNamed() throws Exception {
    Path source = Files.createDirectories(dir.resolve("source"));
    Files.writeString(source.resolve("table"), "rows ".repeat(1000));
    Path repo = dir.resolve("repo");
    Map<String, String> noCache = Map.of("POUCH_NO_CDS", "1");
    Run init = run(List.of(LAUNCHER.toString(), "init", "--repo", repo.toString(), "--password-file",
        passwordFile.toString()), noCache);
    assertThat(init.exit()).as(init.err()).isZero();

    Path missing = dir.resolve("no-such-tmp");
    Run backup = run(List.of(LAUNCHER.toString(), "backup", "--repo", repo.toString(), "--password-file",
        passwordFile.toString(), source.toString()), Map.of("POUCH_NO_CDS", "1", "TMPDIR", missing.toString()));
    assertThat(backup.exit()).isEqualTo(1);
    // zstd unpacks its native library there before the first pack is started; either names the directory
    assertThat(backup.err()).contains("pouch: cannot ").contains(missing.toString()).contains("set TMPDIR")
        .doesNotContain("internal error", "bug");
  }

  /** Ctrl-C on a backup: it stops with one line, and its lock is gone (another host's prune need not wait 30 min). */
  @Test
  void anInterruptedBackupReleasesItsLock() throws Exception {
    Path source = Files.createDirectories(dir.resolve("source"));
    byte[] data = new byte[8 << 20];
    new java.util.Random(7).nextBytes(data);
    Files.write(source.resolve("table"), data);
    Path repo = dir.resolve("repo");
    Run init = run(List.of(LAUNCHER.toString(), "init", "--repo", repo.toString(), "--password-file",
        passwordFile.toString()), Map.of("POUCH_NO_CDS", "1"));
    assertThat(init.exit()).as(init.err()).isZero();

    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "backup", "--repo", repo.toString(),
        "--password-file", passwordFile.toString(), "--limit-read", "1MiB/s", source.toString())
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    pb.environment().put("POUCH_NO_CDS", "1");
    Process backup = pb.start();
    Path locks = repo.resolve("locks");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (lockFiles(locks) == 0 && backup.isAlive() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(lockFiles(locks)).as("the backup holds a lock while it reads (8 MiB at 1 MiB/s)").isEqualTo(1);

    new ProcessBuilder("kill", "-INT", Long.toString(backup.pid())).start().waitFor(); // what Ctrl-C sends
    assertThat(backup.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(backup.exitValue()).isEqualTo(130);
    assertThat(Files.readString(dir.resolve("err"))).startsWith("pouch: ").contains("interrupted");
    assertThat(lockFiles(locks)).isZero();
  }

  private static long lockFiles(Path locks) throws IOException {
    if (!Files.isDirectory(locks)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(locks)) {
      return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
    }
  }
}
