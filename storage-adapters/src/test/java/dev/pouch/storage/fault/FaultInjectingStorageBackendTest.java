package dev.pouch.storage.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.FaultInjectingStorageBackend.Call;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FaultInjectingStorageBackendTest {

  private static final BlobKey KEY = BlobKey.of("data/k");
  private static final byte[] BYTES = {10, 20, 30, 40, 50, 60, 70, 80};

  private final MemoryStorageBackend memory = MemoryStorageBackend.create();

  @Test
  void failFirstFailsExactlyThoseCallsAndRecordsThem() throws Exception {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(StorageOperation.PUT, 2, Failure.TRANSIENT).build();

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> faulty.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE))
          .isInstanceOf(StorageException.Transient.class).hasMessageContaining("injected");
    }
    faulty.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);

    assertThat(faulty.calls(StorageOperation.PUT)).extracting(Call::sequence, Call::failure, Call::injected)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, StorageException.Transient.class, true),
            org.assertj.core.groups.Tuple.tuple(2L, StorageException.Transient.class, true),
            org.assertj.core.groups.Tuple.tuple(3L, null, false));
    assertThat(memory.keys()).containsExactly(KEY);
  }

  @Test
  void failNthFailsOnlyThatCallWithThatKind() throws Exception {
    memory.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failNth(StorageOperation.STAT, 2, Failure.ACCESS_DENIED).build();

    assertThat(faulty.stat(KEY)).isPresent();
    assertThatThrownBy(() -> faulty.stat(KEY)).isInstanceOf(StorageException.AccessDenied.class);
    assertThat(faulty.stat(KEY)).isPresent();
    assertThat(faulty.count(StorageOperation.STAT)).isEqualTo(3);
  }

  @Test
  void everyFailureKindMapsToItsLeaf() {
    for (Failure failure : Failure.values()) {
      FaultInjectingStorageBackend faulty =
          FaultInjectingStorageBackend.builder(memory).failFirst(StorageOperation.DELETE, 1, failure).build();
      Class<? extends StorageException> expected = switch (failure) {
        case TRANSIENT, UNREACHABLE -> StorageException.Transient.class;
        case OUTCOME_UNKNOWN -> StorageException.OutcomeUnknown.class;
        case NOT_FOUND -> StorageException.NotFound.class;
        case ACCESS_DENIED -> StorageException.AccessDenied.class;
        case REJECTED -> StorageException.Rejected.class;
        case CONTAINER_MISSING -> StorageException.ContainerMissing.class;
      };
      assertThatThrownBy(() -> faulty.delete(KEY)).as("%s", failure).isExactlyInstanceOf(expected);
    }
  }

  @Test
  void randomFailuresFollowTheSeedAndTheProbability() throws Exception {
    List<Boolean> first = randomFailurePattern(7);
    List<Boolean> second = randomFailurePattern(7);
    List<Boolean> other = randomFailurePattern(8);

    assertThat(first).isEqualTo(second);
    assertThat(first).isNotEqualTo(other);
    long failures = first.stream().filter(f -> f).count();
    assertThat(failures).isBetween(60L, 140L); // 1,000 draws at p = 0.1; fixed seed, so not flaky
  }

  private List<Boolean> randomFailurePattern(long seed) throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(MemoryStorageBackend.create())
        .seed(seed).failRandomly(StorageOperation.STAT, 0.1, Failure.TRANSIENT).build();
    List<Boolean> failed = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      try {
        faulty.stat(KEY);
        failed.add(false);
      } catch (StorageException.Transient e) {
        failed.add(true);
      }
    }
    return failed;
  }

  @Test
  void failUploadAfterBytesBreaksTheInnerPutAndStoresNothing() throws Exception {
    byte[] large = new byte[100_000];
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(StorageOperation.PUT, 1), new Fault.FailUploadAfter(4096)).build();

    assertThatThrownBy(() -> faulty.put(KEY, BlobContent.of(large), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Transient.class)
        .hasRootCauseMessage("injected: upload failed after 4096 bytes");
    assertThat(memory.keys()).isEmpty();

    faulty.put(KEY, BlobContent.of(large), PutMode.CREATE_OR_REPLACE);
    assertThat(memory.keys()).containsExactly(KEY);
    assertThat(faulty.calls(StorageOperation.PUT)).extracting(Call::injected).containsExactly(true, false);
  }

  @Test
  void failUploadAfterCountsFromTheContentsFirstByteForParts() throws Exception {
    BlobContent content = BlobContent.of(new byte[10_000]);
    List<Long> readable = new ArrayList<>();
    // a backend that reads the content in two parts, as a multipart upload does
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(new PartReadingBackend(readable))
        .inject(When.every(StorageOperation.PUT), new Fault.FailUploadAfter(6_000)).build();

    faulty.put(KEY, content, PutMode.CREATE_OR_REPLACE);

    assertThat(readable).containsExactly(5_000L, 1_000L);
  }

  @Test
  void readFaultsTruncateFailOrFlip() throws Exception {
    memory.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(StorageOperation.OPEN, 1), new Fault.TruncateRead(3))
        .inject(When.nth(StorageOperation.OPEN, 2), new Fault.FailReadAfter(5))
        .inject(When.nth(StorageOperation.OPEN, 3), new Fault.FlipBit(2))
        .build();

    try (InputStream in = faulty.open(KEY)) {
      assertThat(in.readAllBytes()).containsExactly(10, 20, 30);
    }
    try (InputStream in = faulty.open(KEY)) {
      assertThat(in.readNBytes(5)).containsExactly(10, 20, 30, 40, 50);
      assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("injected");
    }
    try (InputStream in = faulty.open(KEY)) {
      assertThat(in.readAllBytes()).containsExactly(10, 20, 31, 40, 50, 60, 70, 80);
    }
    try (InputStream in = faulty.open(KEY, ByteRange.of(1, 3))) {
      assertThat(in.readAllBytes()).containsExactly(20, 30, 40);
    }
    assertThat(faulty.calls(StorageOperation.OPEN)).extracting(Call::injected)
        .containsExactly(true, true, true, false);
  }

  @Test
  void truncatedStreamEndsEvenWhenReadByteByByteOrSkipped() throws Exception {
    memory.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.every(StorageOperation.OPEN), new Fault.TruncateRead(4)).build();

    try (InputStream in = faulty.open(KEY)) {
      assertThat(in.skip(3)).isEqualTo(3);
      assertThat(in.read()).isEqualTo(40);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void listingFailsAfterTheScriptedNumberOfEntries() throws Exception {
    for (String name : List.of("a", "b", "c")) {
      memory.put(BlobKey.of(name), BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    }
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(StorageOperation.LIST, 1), new Fault.FailListAfter(2)).build();
    List<String> seen = new ArrayList<>();

    try (Stream<dev.pouch.storage.BlobInfo> listed = faulty.list("")) {
      assertThatThrownBy(() -> listed.forEach(i -> seen.add(i.key().value())))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasCauseInstanceOf(StorageException.Transient.class);
    }
    assertThat(seen).containsExactly("a", "b");
    try (Stream<dev.pouch.storage.BlobInfo> listed = faulty.list("")) {
      assertThat(listed).hasSize(3);
    }
  }

  @Test
  void alreadyExistsDropAfterSendAndLostWritesDoWhatTheySay() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(StorageOperation.PUT, 1), new Fault.ReportAlreadyExists())
        .inject(When.nth(StorageOperation.PUT, 2), new Fault.DropAfterSend())
        .inject(When.nth(StorageOperation.PUT, 3), new Fault.LoseWrite())
        .build();
    BlobKey sent = BlobKey.of("sent");
    BlobKey lost = BlobKey.of("lost");

    assertThatThrownBy(() -> faulty.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.AlreadyExists.class);
    assertThatThrownBy(() -> faulty.put(sent, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.OutcomeUnknown.class);
    faulty.put(lost, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT);

    assertThat(memory.keys()).containsExactly(sent);
  }

  @Test
  void delayUsesTheInjectedSleeper() throws Exception {
    List<Duration> slept = new ArrayList<>();
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .sleeper(slept::add)
        .delay(StorageOperation.STAT, Duration.ofMillis(250))
        .inject(When.nth(StorageOperation.STAT, 2), new Fault.Delay(Duration.ofSeconds(1)))
        .build();

    faulty.stat(KEY);
    faulty.stat(KEY);
    faulty.delete(KEY);

    assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(1250));
  }

  @Test
  void keyFilterCountsOnlyMatchingKeys() throws Exception {
    BlobKey other = BlobKey.of("other");
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(StorageOperation.PUT, 2).forKey(KEY), new Fault.Fail(Failure.REJECTED)).build();

    faulty.put(other, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    faulty.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    faulty.put(other, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    assertThatThrownBy(() -> faulty.put(KEY, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class);

    assertThat(faulty.count(StorageOperation.PUT, KEY)).isEqualTo(2);
    assertThat(faulty.count(StorageOperation.PUT, other)).isEqualTo(2);
  }

  @Test
  void rulesAddedLaterCountFromThen() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.recording(memory);
    faulty.stat(KEY);
    faulty.stat(KEY);

    faulty.inject(When.nth(StorageOperation.STAT, 1), new Fault.Fail(Failure.TRANSIENT));

    assertThatThrownBy(() -> faulty.stat(KEY)).isInstanceOf(StorageException.Transient.class);
    assertThat(faulty.stat(KEY)).isEmpty();
    faulty.inject(When.every(StorageOperation.STAT), new Fault.Fail(Failure.TRANSIENT));
    faulty.clearFaults();
    assertThat(faulty.stat(KEY)).isEmpty();
  }

  @Test
  void listAndNaturalFailuresAreRecorded() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.recording(memory);

    try (Stream<?> listed = faulty.list("data/")) {
      assertThat(listed).isEmpty();
    }
    assertThatThrownBy(() -> faulty.open(KEY)).isInstanceOf(StorageException.NotFound.class);

    assertThat(faulty.calls()).containsExactly(
        new Call(1, StorageOperation.LIST, null, "data/", null, false),
        new Call(2, StorageOperation.OPEN, KEY, null, StorageException.NotFound.class, false));
    faulty.clearCalls();
    assertThat(faulty.calls()).isEmpty();
  }

  @Test
  void faultsThatCannotApplyToAnOperationAreRefused() {
    FaultInjectingStorageBackend.Builder builder = FaultInjectingStorageBackend.builder(memory);

    assertThatThrownBy(() -> builder.inject(When.every(StorageOperation.PUT), new Fault.FlipBit(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.inject(When.every(StorageOperation.OPEN), new Fault.LoseWrite()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> When.randomly(StorageOperation.PUT, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> When.nth(StorageOperation.PUT, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Reads the content in two parts of 5,000 bytes and records how many bytes each part yielded before failing. */
  private record PartReadingBackend(List<Long> readable) implements dev.pouch.storage.StorageBackend {
    @Override
    public void put(BlobKey key, BlobContent content, PutMode mode) {
      for (long offset = 0; offset < content.length(); offset += 5_000) {
        long read = 0;
        try (InputStream in = content.open(offset, 5_000)) {
          while (in.read() >= 0) {
            read++;
          }
        } catch (IOException e) {
          // the injected failure: record how far the part got
        }
        readable.add(read);
      }
    }

    @Override
    public dev.pouch.storage.Capabilities capabilities() {
      return new dev.pouch.storage.Capabilities(false, false, true, false);
    }

    @Override
    public InputStream open(BlobKey key, ByteRange range) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Optional<dev.pouch.storage.BlobInfo> stat(BlobKey key) {
      return java.util.Optional.empty();
    }

    @Override
    public Stream<dev.pouch.storage.BlobInfo> list(String prefix) {
      return Stream.empty();
    }

    @Override
    public void delete(BlobKey key) {}

    @Override
    public String describe() {
      return "parts";
    }
  }
}
