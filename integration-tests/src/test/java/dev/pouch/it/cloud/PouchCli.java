package dev.pouch.it.cloud;

import dev.pouch.it.reliability.PouchResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pouch CLI jar (system property {@code pouch.jar}) run as a child process with the test JVM's {@code java}, a
 * clean environment (only {@code PATH}, {@code HOME}, {@code LANG}, {@code POUCH_PASSWORD} and what a test adds: no
 * cloud credentials leak in from the shell) and output to files.
 *
 * <p>Each start costs a JVM start-up, which dominates this package's run time; so children run with C1 only and a
 * class-data-sharing archive that the first run creates under {@code target/it-work} (about a third of the start-up
 * time on the build machines). They run a copy of the jar named by its size and time, so that an agent rebuild by
 * someone else mid-run (the working tree is shared) cannot remove it under them, and the archive stays valid.
 */
final class PouchCli {

  static final String PASSWORD = "cloud test password";
  /** A command running longer than this is reported as hung (a guard against a stuck test, not a measurement). */
  private static final Duration HUNG = Duration.ofMinutes(2);

  private final Path jar;
  private final Path logs;
  private final Map<String, String> env;

  private PouchCli(Path jar, Path logs, Map<String, String> env) {
    this.jar = jar;
    this.logs = logs;
    this.env = Map.copyOf(env);
  }

  /** The CLI with the password set and {@code env} added, keeping output under {@code logs}. */
  static PouchCli with(Map<String, String> env, Path logs) throws IOException {
    String jar = System.getProperty("pouch.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property pouch.jar must name the built CLI jar (agent/target/pouch.jar)"
          + ", got " + jar);
    }
    Files.createDirectories(logs);
    Path copy = stableCopy(Path.of(jar));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    all.put("HOME", System.getProperty("user.home"));
    all.put("LANG", "C.UTF-8");
    all.put("POUCH_PASSWORD", PASSWORD);
    all.putAll(env);
    return new PouchCli(copy, logs, all);
  }

  private static synchronized Path stableCopy(Path jar) throws IOException {
    Path dir = Files.createDirectories(archive().getParent());
    Path copy = dir.resolve("pouch-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jar");
    if (!Files.exists(copy)) {
      Path partial = Files.createTempFile(dir, "pouch-", ".jar.tmp");
      Files.copy(jar, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return copy;
  }

  /** Runs {@code pouch args...} to its end. */
  PouchResult run(String... args) throws IOException, InterruptedException {
    return run(List.of(), args);
  }

  /** Runs {@code pouch args...} with extra JVM options (heap limits, GC logs). */
  PouchResult run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(logs, "pouch-", ".out");
    Path err = Files.createTempFile(logs, "pouch-", ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive(), "-Xshare:auto", "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off"));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    String description = String.join(" ", args);
    if (!process.waitFor(HUNG.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      throw new AssertionError("pouch " + description + " hung: still running after " + HUNG + "\n"
          + result(description, -1, out, err).describe());
    }
    return result(description, process.exitValue(), out, err);
  }

  private static PouchResult result(String description, int code, Path out, Path err) throws IOException {
    return new PouchResult(description, code, Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path archive() {
    return Path.of(System.getProperty("pouch.it.work.dir", "target/it-work")).toAbsolutePath()
        .resolve("pouch-cli-cds.jsa");
  }
}
