package dev.pouch.agent.throttle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Lowers this process's CPU and I/O priority, best effort, on Linux: {@link #lower()} runs {@code renice -n 10} and
 * {@code ionice -c 3} (idle I/O class); {@link #idle()} puts every thread in the {@code SCHED_IDLE} CPU policy
 * ({@code chrt --all-tasks --idle --pid 0}) and the idle I/O class. Both also keep pouch off one of the CPUs it may
 * use ({@code taskset --all-tasks}), when it may use two or more, so the database always has a free one.
 *
 * <p>Why {@code SCHED_IDLE} as well: with a nice value alone, a database thread that wakes up may still wait for the
 * next scheduler tick (4 ms at HZ=250) while a nicer pouch thread finishes the slice the scheduler protects, which is
 * most of a sub-millisecond p99 (bench/README.md, "Impact on the database"). A woken normal thread preempts a {@code
 * SCHED_IDLE} thread at once. The price: a {@code SCHED_IDLE} thread runs only when no normal thread wants the CPU,
 * so on a machine kept busy by other work a backup can take arbitrarily long (the overdue alert then fires).
 *
 * <p>Why external commands: the JDK has no API for {@code setpriority(2)} or {@code ioprio_set(2)}; the foreign
 * function API that could call them is a preview feature in Java 21 (final only in 22), so it cannot be used
 * without {@code --enable-preview}. util-linux (or busybox) provides both tools on virtually every Linux image.
 *
 * <p>Why every thread: on Linux both the nice value and the I/O priority belong to a thread, and {@code renice -p PID}
 * changes only the thread whose id equals the PID, which in a JVM is the launcher's thread that merely waits. So
 * every thread listed in {@code /proc/self/task} is changed; threads started later inherit the values from the
 * thread that creates them, which is one of those.
 *
 * <p>Where it does not apply: other operating systems (nothing is changed; the outcome says so); a process already
 * nicer than 10 keeps its value (renice would raise its priority); across cgroups, nice values only order threads
 * within one CPU cgroup, so a sidecar in its own container needs a CPU request/limit instead; the idle I/O class is
 * honoured by the BFQ and mq-deadline (Linux 5.14+) schedulers but not by {@code none} (common for NVMe) or kyber,
 * and it covers reads only, since buffered writes reach the disk through the kernel's flusher threads.
 */
public final class ProcessPriority {

  /** The nice value a low-priority pouch runs at. */
  public static final int LOW_NICE = 10;

  /** Runs an external command to completion. */
  @FunctionalInterface
  public interface CommandRunner {
    /** Exit code and combined output of {@code command}. */
    Result run(List<String> command) throws IOException, InterruptedException;

    record Result(int exitCode, String output) {}
  }

  /** What was changed, for one log line. */
  public record Outcome(boolean cpuLowered, boolean ioLowered, String description) {}

  private final String osName;
  private final Path procSelf;
  private final CommandRunner runner;

  /**
   * @param osName {@code os.name}
   * @param procSelf {@code /proc/self}: its {@code task} directory lists the threads, {@code stat} holds the nice value
   */
  public ProcessPriority(String osName, Path procSelf, CommandRunner runner) {
    this.osName = osName;
    this.procSelf = procSelf;
    this.runner = runner;
  }

  /** For this JVM: the real OS name, {@code /proc/self} and process execution. */
  public static ProcessPriority ofThisProcess() {
    return new ProcessPriority(System.getProperty("os.name", "unknown"), Path.of("/proc/self"),
        ProcessPriority::execute);
  }

  /** Lowers CPU (nice 10) and I/O priority; never throws, the outcome says what happened. */
  public Outcome lower() {
    return change(false);
  }

  /** Puts every thread in {@code SCHED_IDLE} and the idle I/O class; never throws. */
  public Outcome idle() {
    return change(true);
  }

  private Outcome change(boolean idlePolicy) {
    if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
      return new Outcome(false, false, "priority left unchanged: lowering it is implemented for Linux only (on "
          + osName + ", start pouch under the platform's own tool, e.g. nice or taskpolicy -b)");
    }
    List<String> threads;
    int nice;
    String pid;
    try {
      threads = threadIds();
      nice = niceValue();
      pid = processId();
    } catch (IOException | RuntimeException e) {
      return new Outcome(false, false, "priority left unchanged: cannot read " + procSelf + " (" + e.getMessage()
          + ")");
    }
    String cpu;
    boolean cpuLowered = false;
    if (idlePolicy) {
      String failure = attempt(List.of("chrt", "--all-tasks", "--idle", "--pid", "0", pid));
      cpuLowered = failure == null;
      cpu = cpuLowered ? "CPU: SCHED_IDLE on all threads" : "CPU: not lowered (" + failure + ")";
    } else if (nice >= LOW_NICE) {
      cpu = "CPU: already at nice " + nice;
      cpuLowered = true;
    } else {
      List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(LOW_NICE), "-p"));
      command.addAll(threads);
      String failure = attempt(command);
      cpuLowered = failure == null;
      cpu = cpuLowered ? "CPU: nice " + LOW_NICE + " on " + threads.size() + " threads" : "CPU: not lowered ("
          + failure + ")";
    }
    String cores = leaveACoreFree(pid);
    List<String> command = new ArrayList<>(List.of("ionice", "-c", "3", "-p"));
    command.addAll(threads);
    String failure = attempt(command);
    String io = failure == null ? "I/O: idle class on " + threads.size() + " threads" : "I/O: not lowered ("
        + failure + ")";
    return new Outcome(cpuLowered, failure == null, (idlePolicy ? "idle priority: " : "low priority: ") + cpu + "; "
        + cores + "; " + io);
  }

  /**
   * Restricts every thread to the CPUs this process may use except the highest one, so a database thread that wakes
   * up always finds a CPU pouch is not on. A lower priority alone does not give it that on a kernel without forced
   * preemption: the woken thread waits until a pouch thread leaves the kernel or the next tick (bench/README.md,
   * "Impact on the database": with both cores in use the p99 start lag of a database write was ~4 ms, with one left
   * free 0.8-2.5 ms, and its fsync p99 fell from ~4 to ~1 ms). Threads started later inherit the mask.
   */
  private String leaveACoreFree(String pid) {
    List<Integer> allowed;
    try {
      allowed = allowedCpus();
    } catch (IOException | RuntimeException e) {
      return "cores: unchanged (cannot read the allowed CPUs: " + e.getMessage() + ")";
    }
    if (allowed.size() < 2) {
      return "cores: the only allowed CPU is shared";
    }
    List<Integer> kept = allowed.subList(0, allowed.size() - 1);
    String list = String.join(",", kept.stream().map(String::valueOf).toList());
    String failure = attempt(List.of("taskset", "--all-tasks", "--pid", "--cpu-list", list, pid));
    return failure == null ? "cores: " + list + " (CPU " + allowed.get(allowed.size() - 1) + " left to the database)"
        : "cores: unchanged (" + failure + ")";
  }

  /** The CPUs in {@code Cpus_allowed_list} of {@code /proc/self/status}, e.g. {@code 0-3,8}, in ascending order. */
  private List<Integer> allowedCpus() throws IOException {
    for (String line : Files.readAllLines(procSelf.resolve("status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("Cpus_allowed_list:")) {
        List<Integer> cpus = new ArrayList<>();
        for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
          String[] ends = range.trim().split("-");
          int from = Integer.parseInt(ends[0]);
          int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
          for (int cpu = from; cpu <= to; cpu++) {
            cpus.add(cpu);
          }
        }
        return cpus;
      }
    }
    throw new IOException("no Cpus_allowed_list");
  }

  /** Null on success, else why the command failed. */
  private String attempt(List<String> command) {
    try {
      CommandRunner.Result r = runner.run(command);
      if (r.exitCode() == 0) {
        return null;
      }
      String first = r.output().lines().filter(l -> !l.isBlank()).findFirst().orElse("no output");
      return command.get(0) + " exited with " + r.exitCode() + ": " + first;
    } catch (IOException e) {
      return command.get(0) + " could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return command.get(0) + " was interrupted";
    }
  }

  private List<String> threadIds() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(procSelf.resolve("task"))) {
      for (Path t : tasks) {
        String name = t.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          ids.add(name);
        }
      }
    }
    if (ids.isEmpty()) {
      throw new IOException("no threads listed");
    }
    ids.sort(null);
    return ids;
  }

  /** Field 1 of {@code /proc/self/stat}: the process id as procfs sees it (inside the process's PID namespace). */
  private String processId() throws IOException {
    String stat = Files.readString(procSelf.resolve("stat"), StandardCharsets.US_ASCII);
    return stat.substring(0, stat.indexOf(' '));
  }

  /** Field 19 of {@code /proc/self/stat}, counted after the parenthesised command name (which may hold spaces). */
  private int niceValue() throws IOException {
    String stat = Files.readString(procSelf.resolve("stat"), StandardCharsets.US_ASCII);
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // after[0] is field 3 (state), so field 19 is after[16].
    return Integer.parseInt(after[16]);
  }

  private static CommandRunner.Result execute(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new CommandRunner.Result(-1, "timed out");
    }
    return new CommandRunner.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
