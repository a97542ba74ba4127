package dev.pouch.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcLogTest {

  private static final String LOG = """
      [0.004s][info][gc] Using G1
      [0.512s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms
      [1.020s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 180M->40M(256M) 5.1ms
      [1.900s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 1G->900M(2G) 9.0ms
      [2.000s][info][gc] GC(3) Pause Remark 512K->100K(256M) 1.0ms
      """;

  @Test
  void peakIsTheLargestHeapInUseWhenACollectionStarted() {
    assertThat(GcLog.peakHeapBytes(LOG)).hasValue(1L << 30);
    assertThat(GcLog.collections(LOG)).isEqualTo(4);
  }

  @Test
  void noCollectionMeansUnknownPeak() {
    assertThat(GcLog.peakHeapBytes("[0.004s][info][gc] Using G1\n")).isEmpty();
  }
}
