package dev.pouch.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pouch CLI ({@code agent/target/pouch.jar}, system property {@code pouch.jar}) run as a child process with the
 * test JVM's own {@code java}. The child gets a clean environment: {@code PATH}, {@code HOME}, and what the test
 * sets (typically {@code POUCH_PASSWORD}); nothing leaks in from the shell that started the build. Output goes to
 * files (an unread pipe would eventually block the child). The heap is capped, so unbounded allocation on hostile
 * input shows up as a failure instead of swapping.
 */
public final class PouchProcess implements Pouch {

  /** How long a command may run before the test calls it hung. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path jar;
  private final Path logs;
  private final Map<String, String> env;
  private final List<String> jvmOptions;

  private PouchProcess(Path jar, Path logs, Map<String, String> env, List<String> jvmOptions) {
    this.jar = jar;
    this.logs = logs;
    this.env = Map.copyOf(env);
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * Runs the jar named by {@code pouch.jar}, keeping output files under {@code logs}, with no password set. The jar
   * is copied once per test JVM and run from the copy, so a rebuild of the agent during a long run cannot swap
   * classes or native libraries under running children.
   */
  public static PouchProcess in(Path logs) throws IOException {
    Path jar = PrivateJar.path();
    Files.createDirectories(logs);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("LANG", "C.UTF-8");
    return new PouchProcess(jar, logs, env, List.of("-Xmx256m", "-XX:+UseSerialGC"));
  }

  /** The same, with {@code name} set in the child's environment. */
  public PouchProcess withEnv(String name, String value) {
    Map<String, String> next = new LinkedHashMap<>(env);
    next.put(name, value);
    return new PouchProcess(jar, logs, next, jvmOptions);
  }

  /** The same, with {@code POUCH_PASSWORD} set. */
  public PouchProcess withPassword(String password) {
    return withEnv("POUCH_PASSWORD", password);
  }

  /** The same, with {@code name} left out of the child's environment. */
  public PouchProcess withoutEnv(String name) {
    Map<String, String> next = new LinkedHashMap<>(env);
    next.remove(name);
    return new PouchProcess(jar, logs, next, jvmOptions);
  }

  /** The environment children get. */
  public Map<String, String> env() {
    return env;
  }

  /** The full command line a child is started with. */
  public List<String> commandLine(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return command;
  }

  @Override
  public PouchResult run(String... args) throws IOException, InterruptedException {
    return start(args).await(TIMEOUT);
  }

  /** Starts a command and returns at once. */
  public Running start(String... args) throws IOException {
    return startCommand(commandLine(args), String.join(" ", args));
  }

  /**
   * Starts {@code shellPrefix} followed by the pouch command line under {@code /bin/sh -c}, for limits a shell sets
   * on its child (for example {@code ulimit -f}); the shell {@code exec}s java, so the pid is pouch's.
   */
  public Running startUnderShell(String shellPrefix, String... args) throws IOException {
    StringBuilder script = new StringBuilder(shellPrefix).append("; exec");
    for (String part : commandLine(args)) {
      script.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    return startCommand(List.of("/bin/sh", "-c", script.toString()), String.join(" ", args));
  }

  private Running startCommand(List<String> command, String description) throws IOException {
    Path out = Files.createTempFile(logs, "pouch-", ".out");
    Path err = Files.createTempFile(logs, "pouch-", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    return new Running(builder.start(), description, out, err);
  }

  /** This test JVM's copy of the CLI jar. */
  private static final class PrivateJar {
    private static Path copy;

    static synchronized Path path() throws IOException {
      if (copy == null) {
        String jar = System.getProperty("pouch.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
          throw new IllegalStateException("system property pouch.jar must name the built CLI jar "
              + "(agent/target/pouch.jar), got " + jar);
        }
        Path dir = Path.of(System.getProperty("pouch.it.work.dir", "target/it-work")).toAbsolutePath();
        Files.createDirectories(dir);
        Path target = dir.resolve("pouch-" + ProcessHandle.current().pid() + ".jar");
        Files.copy(Path.of(jar), target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
        copy = target;
      }
      return copy;
    }
  }

  /** A started command. */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final String description;
    private final Path out;
    private final Path err;

    private Running(Process process, String description, Path out, Path err) {
      this.process = process;
      this.description = description;
      this.out = out;
      this.err = err;
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /**
     * {@code kill -9}: returns whether the process was still running when the signal was sent (if it had already
     * exited, the command completed and this was no crash).
     */
    public boolean killHard() throws InterruptedException {
      boolean wasAlive = process.isAlive();
      process.destroyForcibly();
      process.waitFor();
      return wasAlive && process.exitValue() == 137;
    }

    /** SIGTERM, as a container runtime stops a sidecar. */
    public void terminate() {
      process.destroy();
    }

    /** Waits for the command; a command still running after {@code timeout} is killed and reported as hung. */
    public PouchResult await(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new AssertionError("pouch " + description + " hung: still running after " + timeout + "\n"
            + result().describe());
      }
      return result();
    }

    /** What the command printed so far and its exit code (-1 while running). */
    public PouchResult result() throws IOException {
      int code = process.isAlive() ? -1 : process.exitValue();
      return new PouchResult(description, code, new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
          new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }
}
