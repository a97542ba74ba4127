package dev.pouch.bench.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StorageReportTest {

  private static final long MIB = 1L << 20;

  @Test
  void throughputIsATableOfPartSizeByConcurrencyWithTheMedian() {
    List<UploadThroughput.Result> results = List.of(
        new UploadThroughput.Result(8 * MIB, 1, 256 * MIB, new double[] {4, 2, 8}, 34),
        new UploadThroughput.Result(8 * MIB, 4, 256 * MIB, new double[] {1, 1, 1}, 34),
        new UploadThroughput.Result(32 * MIB, 1, 256 * MIB, new double[] {2, 2, 2}, 10));

    assertThat(StorageReport.throughput(results)).isEqualTo("""
        | part size | requests | concurrency 1 | concurrency 4 |
        |---|---|---|---|
        | 8 MiB | 34 | 64 MiB/s | 256 MiB/s |
        | 32 MiB | 10 | 128 MiB/s | - |
        """);
  }

  @Test
  void partsOfAnUploadRoundUp() {
    assertThat(UploadThroughput.parts(256 * MIB, 5 * MIB)).isEqualTo(52);
    assertThat(UploadThroughput.parts(256 * MIB, 32 * MIB)).isEqualTo(8);
  }

  @Test
  void requestFiguresArePerGiBAndPerEightMiBStored() {
    BackupRequests.Result r = new BackupRequests.Result(1L << 30, 600 * MIB, 512 * MIB, 32, 10.0,
        Map.of("put", 40L, "list", 4L, "total", 60L), Map.of("put", 3L, "total", 20L),
        List.of(new ListingOrigins.Listing("keys/", "KeyService.list")));

    assertThat(r.putsPer8MiB()).isEqualTo(40 / 64.0);
    assertThat(r.perGiB()).containsEntry("put", 80.0).containsEntry("list", 8.0);
    assertThat(StorageReport.requests(r))
        .contains("| first backup | 40 | 0 | 0 | 4 | 0 | 60 |")
        .contains("| per GiB stored | 80 | 0 | 0 | 8 | 0 | 120 |")
        .contains("PUTs per 8 MiB of new data stored: 0.63 (goal: at most 1)")
        .contains("| 1 | `keys/` | KeyService.list |");
  }

  @Test
  void heapLineSaysWhenNoCollectionRan() {
    assertThat(StorageReport.heap(new BackupHeap.Result(2L << 30, "256m", 0, 30.5, OptionalLong.of(200 * MIB),
        OptionalLong.of(90 * MIB), 12, MIB, "")))
        .contains("peak heap in use at a collection 200.0 MiB, after one 90.0 MiB, over 12 collections");
    assertThat(StorageReport.heap(new BackupHeap.Result(2L << 30, "256m", 0, 30.5, OptionalLong.empty(),
        OptionalLong.empty(), 0, MIB, ""))).contains("no collection ran");
  }

  @Test
  void theLiveHeapIsTheLargestAfterFigure() {
    String log = """
        [0.5s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.1ms
        [1.5s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 250M->97M(256M) 9.0ms
        [2.5s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 200M->40M(256M) 5.0ms
        [2.6s][info][gc] GC(3) Pause Cleanup 245M->245M(256M) 0.049ms
        [2.9s][info][gc] GC(4) Pause Full (G1 Compaction Pause) 181M->175M(256M) 28.203ms
        """;
    assertThat(BackupHeap.peakAfterCollection(log)).as("a cleanup pause evacuates nothing").hasValue(175 * MIB);
    assertThat(BackupHeap.peakAfterCollection("")).isEmpty();
  }
}
