package dev.pouch.bench.impact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the pouch CLI as a child process (so its priority, threads and page-cache use are its own). */
final class BackupRun {

  /**
   * What a backup reported.
   *
   * @param seconds the backup's own duration (snapshot summary)
   * @param wallSeconds process start to exit, JVM start-up included
   * @param readBytesPerSecond the summary's read rate
   * @param limitBytesPerSecond the summary's average read limit; 0 when unlimited
   * @param bytesRead source bytes read
   */
  record Outcome(double seconds, double wallSeconds, long readBytesPerSecond, long limitBytesPerSecond,
      long bytesRead) {}

  private final Path java;
  private final Path jar;
  private final Path password;
  private final Path logs;

  BackupRun(Path java, Path jar, Path password, Path logs) {
    this.java = java;
    this.jar = jar;
    this.password = password;
    this.logs = logs;
  }

  void init(Path repository, String label) throws IOException, InterruptedException {
    run(label + "-init", List.of("init", "--repo", repository.toString(), "--password-file", password.toString(),
        "--insecure-fast-kdf"));
  }

  Outcome backup(Path repository, Path source, List<String> arguments, String label)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("backup", "--repo", repository.toString(), "--password-file",
        password.toString(), "--host", "bench", "--json"));
    args.addAll(arguments);
    args.add(source.toString());
    long start = System.nanoTime();
    String out = run(label, args);
    double wall = (System.nanoTime() - start) / 1e9;
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow(() -> new IOException(label + ": no output"));
    return parse(new ObjectMapper().readTree(last), wall);
  }

  static Outcome parse(JsonNode json, double wallSeconds) {
    JsonNode s = json.get("summary");
    JsonNode d = s.get("duration");
    double seconds = d.isNumber() ? d.asDouble() : Duration.parse(d.asText()).toNanos() / 1e9;
    JsonNode limit = s.get("throttleLimitBytesPerSecond");
    return new Outcome(seconds, wallSeconds, s.path("readRateBytesPerSecond").asLong(),
        limit == null || limit.isNull() ? 0 : limit.asLong(), s.get("bytesRead").asLong());
  }

  private String run(String label, List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(args);
    Path out = logs.resolve(label + ".out");
    Path err = logs.resolve(label + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IOException(label + " exited with " + exit + ": " + Files.readString(err, StandardCharsets.UTF_8)
          .strip());
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
