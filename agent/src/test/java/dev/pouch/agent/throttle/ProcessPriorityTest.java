package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessPriorityTest {

  @TempDir Path procSelf;

  private final List<List<String>> commands = new ArrayList<>();

  /** A fake /proc/self: three threads, CPUs 0-1 and 4 allowed, a stat line whose command name holds spaces. */
  private void fakeProc(int nice) throws IOException {
    fakeProc(nice, "0-1,4");
  }

  private void fakeProc(int nice, String cpus) throws IOException {
    Files.writeString(procSelf.resolve("status"), "Name:\tjava\nCpus_allowed:\t13\nCpus_allowed_list:\t" + cpus
        + "\nMems_allowed_list:\t0\n");
    for (String tid : List.of("4711", "4712", "4730")) {
      Files.createDirectories(procSelf.resolve("task").resolve(tid));
    }
    Files.writeString(procSelf.resolve("stat"), "4711 (java (pouch) x) S 1 4711 4711 0 -1 4194560 19373 0 0 0 "
        + "120 15 0 0 20 " + nice + " 31 0 12345 0 0\n");
  }

  private ProcessPriority priority(String os, int exitCode, String output) {
    return new ProcessPriority(os, procSelf, command -> {
      commands.add(command);
      return new ProcessPriority.CommandRunner.Result(exitCode, output);
    });
  }

  @Test
  void everyThreadIsRenicedAndMadeIdleForIo() throws IOException {
    fakeProc(0);

    ProcessPriority.Outcome outcome = priority("Linux", 0, "").lower();

    assertThat(commands).containsExactly(
        List.of("renice", "-n", "10", "-p", "4711", "4712", "4730"),
        List.of("taskset", "--all-tasks", "--pid", "--cpu-list", "0,1", "4711"),
        List.of("ionice", "-c", "3", "-p", "4711", "4712", "4730"));
    assertThat(outcome.cpuLowered()).isTrue();
    assertThat(outcome.ioLowered()).isTrue();
    assertThat(outcome.description()).isEqualTo("low priority: CPU: nice 10 on 3 threads; cores: 0,1 (CPU 4 left to "
        + "the database); I/O: idle class on 3 threads");
  }

  @Test
  void idlePutsEveryThreadInTheIdlePolicy() throws IOException {
    fakeProc(0);

    ProcessPriority.Outcome outcome = priority("Linux", 0, "").idle();

    assertThat(commands).containsExactly(
        List.of("chrt", "--all-tasks", "--idle", "--pid", "0", "4711"),
        List.of("taskset", "--all-tasks", "--pid", "--cpu-list", "0,1", "4711"),
        List.of("ionice", "-c", "3", "-p", "4711", "4712", "4730"));
    assertThat(outcome.description()).isEqualTo("idle priority: CPU: SCHED_IDLE on all threads; cores: 0,1 (CPU 4 "
        + "left to the database); I/O: idle class on 3 threads");
  }

  @Test
  void aProcessAlreadyNicerIsNotRaised() throws IOException {
    fakeProc(15);

    ProcessPriority.Outcome outcome = priority("Linux", 0, "").lower();

    assertThat(commands).extracting(c -> c.get(0)).containsExactly("taskset", "ionice");
    assertThat(outcome.description()).contains("CPU: already at nice 15");
  }

  @Test
  void aFailingToolIsReportedNotThrown() throws IOException {
    fakeProc(0);

    ProcessPriority.Outcome outcome = priority("Linux", 1, "ionice: ioprio_set failed: Operation not permitted\n")
        .lower();

    assertThat(outcome.ioLowered()).isFalse();
    assertThat(outcome.description()).contains("I/O: not lowered (ionice exited with 1: ionice: ioprio_set failed: "
        + "Operation not permitted)");
  }

  @Test
  void aMissingToolIsReportedNotThrown() throws IOException {
    fakeProc(0);
    ProcessPriority missing = new ProcessPriority("Linux", procSelf, command -> {
      throw new IOException("Cannot run program \"" + command.get(0) + "\": error=2, No such file or directory");
    });

    ProcessPriority.Outcome outcome = missing.lower();

    assertThat(outcome.cpuLowered()).isFalse();
    assertThat(outcome.ioLowered()).isFalse();
    assertThat(outcome.description()).contains("renice could not run").contains("ionice could not run");
  }

  @Test
  void aSingleAllowedCpuIsLeftShared() throws IOException {
    fakeProc(0, "3");

    ProcessPriority.Outcome outcome = priority("Linux", 0, "").lower();

    assertThat(commands).extracting(c -> c.get(0)).containsExactly("renice", "ionice");
    assertThat(outcome.description()).contains("cores: the only allowed CPU is shared");
  }

  @Test
  void otherSystemsAreLeftAloneWithAReason() throws IOException {
    ProcessPriority.Outcome outcome = priority("Mac OS X", 0, "").lower();

    assertThat(commands).isEmpty();
    assertThat(outcome.description()).startsWith("priority left unchanged: lowering it is implemented for Linux "
        + "only (on Mac OS X");
  }
}
