package dev.pouch.storage.metering;

import static dev.pouch.storage.StorageOperation.DELETE;
import static dev.pouch.storage.StorageOperation.LIST;
import static dev.pouch.storage.StorageOperation.OPEN;
import static dev.pouch.storage.StorageOperation.PUT;
import static dev.pouch.storage.StorageOperation.STAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.storage.metering.StorageMeter.OperationStats;
import dev.pouch.storage.metering.StorageMeter.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MeteredStorageBackendTest {

  private static final BlobKey KEY = BlobKey.of("data/k");

  /** Each reading of the clock advances it by 1,000 ns, so every call lasts exactly 1,000 ns. */
  private final AtomicLong nanos = new AtomicLong();
  private final MemoryStorageBackend memory = MemoryStorageBackend.create();
  private final StorageMeter meter = new StorageMeter();

  private MeteredStorageBackend metered(dev.pouch.storage.StorageBackend inner) {
    return MeteredStorageBackend.of(inner, meter, () -> nanos.getAndAdd(1_000));
  }

  @Test
  void countsRequestsBytesAndLatencyPerOperation() throws Exception {
    MeteredStorageBackend metered = metered(memory);

    metered.put(KEY, BlobContent.of(new byte[1000]), PutMode.CREATE_OR_REPLACE);
    metered.put(BlobKey.of("other"), BlobContent.of(new byte[24]), PutMode.CREATE_OR_REPLACE);
    try (InputStream in = metered.open(KEY)) {
      in.readAllBytes();
    }
    metered.stat(KEY);
    metered.stat(KEY);
    metered.stat(KEY);
    try (Stream<BlobInfo> listed = metered.list("")) {
      assertThat(listed).hasSize(2);
    }
    metered.delete(KEY);

    Snapshot snapshot = meter.snapshot();
    assertThat(snapshot.operation(PUT)).isEqualTo(new OperationStats(2, 0, 1024, 2000, Map.of()));
    assertThat(snapshot.operation(OPEN)).isEqualTo(new OperationStats(1, 0, 1000, 1000, Map.of()));
    assertThat(snapshot.operation(STAT)).isEqualTo(new OperationStats(3, 0, 0, 3000, Map.of()));
    assertThat(snapshot.operation(LIST)).isEqualTo(new OperationStats(1, 0, 0, 1000, Map.of()));
    assertThat(snapshot.operation(DELETE)).isEqualTo(new OperationStats(1, 0, 0, 1000, Map.of()));
    assertThat(snapshot.bytesUploaded()).isEqualTo(1024);
    assertThat(snapshot.bytesDownloaded()).isEqualTo(1000);
    assertThat(snapshot.totalRequests()).isEqualTo(8);
  }

  @Test
  void downloadedBytesAreCountedAsTheStreamIsConsumed() throws Exception {
    memory.put(KEY, BlobContent.of(new byte[10_000]), PutMode.CREATE_OR_REPLACE);
    MeteredStorageBackend metered = metered(memory);

    try (InputStream in = metered.open(KEY)) {
      assertThat(meter.snapshot().bytesDownloaded()).isZero();
      in.readNBytes(100);
      in.read();
      assertThat(meter.snapshot().bytesDownloaded()).isEqualTo(101);
    }
    try (InputStream in = metered.open(KEY, ByteRange.of(0, 50))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    assertThat(meter.snapshot().bytesDownloaded()).isEqualTo(151);
  }

  @Test
  void uploadedBytesAreWhatTheBackendReadIncludingRereads() throws Exception {
    // the failed first attempt read 4,096 bytes before breaking, the second read all 10,000
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(PUT, 1), new Fault.FailUploadAfter(4096)).build();
    MeteredStorageBackend metered = metered(faulty);

    assertThatThrownBy(() -> metered.put(KEY, BlobContent.of(new byte[10_000]), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Transient.class);
    metered.put(KEY, BlobContent.of(new byte[10_000]), PutMode.CREATE_OR_REPLACE);

    OperationStats put = meter.snapshot().operation(PUT);
    assertThat(put.bytes()).isEqualTo(14_096);
    assertThat(put.requests()).isEqualTo(2);
    assertThat(put.failures()).isEqualTo(1);
    assertThat(put.errorsByKind()).containsExactly(Map.entry("Transient", 1L));
  }

  @Test
  void failuresAreCountedByKindAndPassThroughUnchanged() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .failFirst(STAT, 2, Failure.TRANSIENT)
        .failNth(STAT, 3, Failure.ACCESS_DENIED)
        .build();
    MeteredStorageBackend metered = metered(faulty);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> metered.stat(KEY)).isInstanceOf(StorageException.class);
    }
    assertThat(metered.stat(KEY)).isEmpty();
    assertThatThrownBy(() -> metered.open(KEY)).isInstanceOf(StorageException.NotFound.class);

    Snapshot snapshot = meter.snapshot();
    assertThat(snapshot.operation(STAT).requests()).isEqualTo(4);
    assertThat(snapshot.operation(STAT).failures()).isEqualTo(3);
    assertThat(snapshot.operation(STAT).errorsByKind())
        .containsExactlyInAnyOrderEntriesOf(Map.of("Transient", 2L, "AccessDenied", 1L));
    assertThat(snapshot.operation(OPEN).errors("NotFound")).isEqualTo(1);
    assertThat(snapshot.operation(STAT).totalNanos()).isEqualTo(4000);
  }

  @Test
  void failuresOfReturnedStreamsAndListingsAreCountedAsErrorsButNotAsFailedRequests() throws Exception {
    memory.put(KEY, BlobContent.of(new byte[100]), PutMode.CREATE_OR_REPLACE);
    memory.put(BlobKey.of("data/l"), BlobContent.of(new byte[100]), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.every(OPEN), new Fault.FailReadAfter(10))
        .inject(When.every(LIST), new Fault.FailListAfter(1))
        .build();
    MeteredStorageBackend metered = metered(faulty);

    try (InputStream in = metered.open(KEY)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
    }
    try (Stream<BlobInfo> listed = metered.list("data/")) {
      assertThatThrownBy(listed::toList).isInstanceOf(UncheckedIOException.class);
    }

    Snapshot snapshot = meter.snapshot();
    assertThat(snapshot.operation(OPEN).failures()).isZero();
    assertThat(snapshot.operation(OPEN).errors("IOException")).isEqualTo(1);
    assertThat(snapshot.operation(OPEN).bytes()).isEqualTo(10);
    assertThat(snapshot.operation(LIST).failures()).isZero();
    assertThat(snapshot.operation(LIST).errors("Transient")).isEqualTo(1);
  }

  @Test
  void snapshotsAreImmutableAndIndependent() throws Exception {
    MeteredStorageBackend metered = metered(memory);
    Snapshot before = meter.snapshot();

    metered.stat(KEY);

    assertThat(before.operation(STAT).requests()).isZero();
    assertThat(meter.snapshot().operation(STAT).requests()).isEqualTo(1);
    assertThatThrownBy(() -> before.operations().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void oneMeterSumsSeveralBackends() throws Exception {
    metered(memory).stat(KEY);
    metered(MemoryStorageBackend.create()).stat(KEY);

    assertThat(meter.snapshot().operation(STAT).requests()).isEqualTo(2);
  }
}
