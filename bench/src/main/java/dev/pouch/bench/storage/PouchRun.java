package dev.pouch.bench.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pouch CLI as {@code java [options] -jar pouch.jar ...} with a given environment (the password in
 * {@code POUCH_PASSWORD}); output to files under a log directory.
 */
final class PouchRun {

  /** How a command ended. */
  record Outcome(int exitCode, double seconds, String out, String err) {
    Outcome requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " failed with exit code " + exitCode + ": " + err);
      }
      return this;
    }
  }

  private final Path java;
  private final Path jar;
  private final Path logs;
  private final Map<String, String> env;
  private int runs;

  PouchRun(Path java, Path jar, Path logs, Map<String, String> env) {
    this.java = java;
    this.jar = jar;
    this.logs = logs;
    this.env = Map.copyOf(env);
  }

  Outcome run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    Files.createDirectories(logs);
    runs++;
    Path out = logs.resolve("pouch-" + runs + ".out");
    Path err = logs.resolve("pouch-" + runs + ".err");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    int code = builder.start().waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(code, seconds, Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Where the log of the next run will be written, for options like {@code -Xlog:gc:file=}. */
  Path nextLog(String suffix) {
    return logs.resolve("pouch-" + (runs + 1) + suffix);
  }
}
