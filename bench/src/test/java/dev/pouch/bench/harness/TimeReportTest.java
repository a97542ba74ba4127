package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeReportTest {

  // Verbatim shape of GNU time 1.9 -v output.
  private static final String SAMPLE = """
      \tCommand being timed: "restic -r /tmp/r backup /data"
      \tUser time (seconds): 12.34
      \tSystem time (seconds): 1.50
      \tPercent of CPU this job got: 180%
      \tElapsed (wall clock) time (h:mm:ss or m:ss): 0:07.68
      \tAverage shared text size (kbytes): 0
      \tMaximum resident set size (kbytes): 204800
      \tFile system outputs: 1081344
      \tExit status: 0
      """;

  @Test
  void readsCpuTimesPeakRssAndExitStatus() {
    TimeReport r = TimeReport.parse(SAMPLE);

    assertThat(r.userSeconds()).isEqualTo(12.34);
    assertThat(r.systemSeconds()).isEqualTo(1.50);
    assertThat(r.cpuSeconds()).isCloseTo(13.84, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.peakRssBytes()).isEqualTo(200L << 20);
    assertThat(r.exitStatus()).isZero();
  }

  @Test
  void rejectsOutputWithoutTheFields() {
    assertThatThrownBy(() -> TimeReport.parse("Command exited with non-zero status 1\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("User time");
  }
}
