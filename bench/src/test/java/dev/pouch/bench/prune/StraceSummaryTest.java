package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StraceSummaryTest {

  @Test
  void readsCallsPerSyscallWithAndWithoutErrors() {
    String text = """
        % time     seconds  usecs/call     calls    errors syscall
        ------ ----------- ----------- --------- --------- ----------------
         95.17    0.000355          10        34        13 openat
          4.83    0.000018           9         2           getdents64
        ------ ----------- ----------- --------- --------- ----------------
        100.00    0.000373          10        36        13 total
        """;

    assertThat(StraceSummary.calls(text)).isEqualTo(Map.of("openat", 34L, "getdents64", 2L, "total", 36L));
  }

  @Test
  void nothingTracedIsEmpty() {
    assertThat(StraceSummary.calls("strace: Process 12 attached\n")).isEmpty();
  }
}
