package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredProcessTest {

  private static final Path TIME = Path.of("/usr/bin/time");

  @TempDir Path logs;

  @BeforeEach
  void needsGnuTime() {
    assumeTrue(Files.isExecutable(TIME), "GNU time is not installed");
  }

  @Test
  void passesTheEnvironmentAndCapturesOutput() throws IOException, InterruptedException {
    MeasuredProcess p = new MeasuredProcess(TIME, logs);

    MeasuredProcess.Outcome o = p.run("echo", new Invocation(List.of("sh", "-c", "echo \"$BENCH_SECRET\""),
        Map.of("BENCH_SECRET", "from-env"), logs));

    assertThat(o.time().exitStatus()).isZero();
    assertThat(o.time().peakRssBytes()).isPositive();
    assertThat(o.stdout()).content().isEqualToIgnoringNewLines("from-env");
  }

  @Test
  void aFailingCommandIsAnOutcomeWithItsExitStatus() throws IOException, InterruptedException {
    MeasuredProcess p = new MeasuredProcess(TIME, logs);

    MeasuredProcess.Outcome o = p.run("fail", new Invocation(List.of("sh", "-c", "echo broken >&2; exit 3"),
        Map.of(), null));

    assertThat(o.time().exitStatus()).isEqualTo(3);
    assertThat(o.stderr()).content().contains("broken");
  }
}
