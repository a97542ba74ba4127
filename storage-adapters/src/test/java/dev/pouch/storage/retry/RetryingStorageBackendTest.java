package dev.pouch.storage.retry;

import static dev.pouch.storage.StorageOperation.DELETE;
import static dev.pouch.storage.StorageOperation.LIST;
import static dev.pouch.storage.StorageOperation.OPEN;
import static dev.pouch.storage.StorageOperation.PUT;
import static dev.pouch.storage.StorageOperation.STAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.FaultInjectingStorageBackend.Call;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RetryingStorageBackendTest {

  /** Packs are content-addressed; everything else (snapshots, locks, index) is not. */
  private static final BlobKey PACK = BlobKey.of("data/3f/3f9a");
  private static final BlobKey SNAPSHOT = BlobKey.of("snapshots/2026-01-01");
  private static final byte[] BYTES = "snapshot body".getBytes(StandardCharsets.UTF_8);

  private final MemoryStorageBackend memory = MemoryStorageBackend.create();
  private final List<Duration> slept = new ArrayList<>();
  private Runnable duringSleep = () -> { };
  private final Sleeper sleeper = duration -> {
    slept.add(duration);
    duringSleep.run();
  };

  private RetryingStorageBackend retrying(StorageBackend inner) {
    return RetryingStorageBackend.of(inner, RetryPolicy.defaults(), key -> key.value().startsWith("data/"),
        new SplittableRandom(42), sleeper);
  }

  private static List<StorageOperation> operations(FaultInjectingStorageBackend faulty) {
    return faulty.calls().stream().map(Call::operation).toList();
  }

  // ---------------------------------------------------------------- transient failures

  @Test
  void putFailingTwiceTransientlySucceedsOnTheThirdAttempt() throws Exception {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 2, Failure.TRANSIENT).build();

    retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT);

    assertThat(faulty.calls(PUT)).extracting(Call::succeeded).containsExactly(false, false, true);
    assertThat(operations(faulty)).containsExactly(PUT, PUT, PUT);
    assertThat(memory.open(SNAPSHOT).readAllBytes()).isEqualTo(BYTES);
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(slept.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(400));
  }

  @Test
  void givesUpAfterTheBudgetWithEarlierFailuresSuppressed() {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 100, Failure.TRANSIENT).build();

    assertThatThrownBy(() -> retrying(faulty).put(PACK, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE))
        .isInstanceOfSatisfying(StorageException.Transient.class,
            e -> assertThat(e.getSuppressed()).hasSize(5));
    assertThat(faulty.count(PUT)).isEqualTo(6);
    assertThat(slept).hasSize(5);
  }

  // ---------------------------------------------------------------- unreachable endpoints

  @Test
  void aNeverReachedEndpointIsGivenUpOnAfterTwoAttempts() {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(OPEN, 100, Failure.UNREACHABLE).build();

    assertThatThrownBy(() -> retrying(faulty).open(SNAPSHOT))
        .isInstanceOfSatisfying(StorageException.Transient.class, e -> assertThat(e.unreachable()).isTrue());
    assertThat(faulty.count(OPEN)).isEqualTo(2);
    assertThat(slept).hasSize(1);
  }

  @Test
  void aNeverReachedEndpointFailsAPutFastToo() {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 100, Failure.UNREACHABLE).build();

    assertThatThrownBy(() -> retrying(faulty).put(PACK, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.Transient.class);
    assertThat(faulty.count(PUT)).isEqualTo(2);
  }

  @Test
  void onceTheServiceAnsweredRefusedConnectionsGetTheFullBudget() throws Exception {
    memory.put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(new When(STAT, null, 2, 6, 1), new Fault.Fail(Failure.UNREACHABLE)).build();
    RetryingStorageBackend retrying = retrying(faulty);
    retrying.stat(SNAPSHOT); // answered

    assertThat(retrying.stat(SNAPSHOT)).isPresent();

    assertThat(faulty.calls(STAT)).extracting(Call::succeeded)
        .containsExactly(true, false, false, false, false, false, true);
  }

  @Test
  void anErrorAnswerAlsoShowsTheServiceIsThere() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .failNth(STAT, 1, Failure.ACCESS_DENIED)
        .inject(new When(STAT, null, 2, 4, 1), new Fault.Fail(Failure.UNREACHABLE)).build();
    RetryingStorageBackend retrying = retrying(faulty);
    assertThatThrownBy(() -> retrying.stat(SNAPSHOT)).isInstanceOf(StorageException.AccessDenied.class);

    assertThat(retrying.stat(SNAPSHOT)).isEmpty();

    assertThat(faulty.count(STAT)).isEqualTo(5);
  }

  @Test
  void decoratedIsTheInnerBackendAndRolesAreFoundThroughIt() {
    RetryingStorageBackend retrying = retrying(memory);

    assertThat(retrying.decorated()).containsSame(memory);
    assertThat(retrying.role(MemoryStorageBackend.class)).containsSame(memory);
    assertThat(retrying.role(dev.pouch.storage.StaleUploads.class)).isEmpty();
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCap() throws Exception {
    RandomGenerator highest = new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("the bounded draw must be used");
      }

      @Override
      public long nextLong(long bound) {
        return bound - 1;
      }
    };
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(STAT, 9, Failure.TRANSIENT).build();
    RetryingStorageBackend retrying = RetryingStorageBackend.of(faulty,
        new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(10)), key -> false, highest, sleeper);

    retrying.stat(SNAPSHOT);

    assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
        Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofMillis(6400), Duration.ofSeconds(10),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void jitterSpreadsTheWaits() throws Exception {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(STAT, 5, Failure.TRANSIENT).build();

    retrying(faulty).stat(SNAPSHOT);

    assertThat(slept).hasSize(5).doesNotHaveDuplicates();
    for (int i = 0; i < slept.size(); i++) {
      assertThat(slept.get(i)).isBetween(Duration.ZERO, RetryPolicy.defaults().delayCap(i + 1));
    }
  }

  @Test
  void permanentFailuresAreNeverRetried() {
    for (Failure failure : List.of(Failure.NOT_FOUND, Failure.ACCESS_DENIED, Failure.REJECTED,
        Failure.CONTAINER_MISSING)) {
      for (StorageOperation operation : StorageOperation.values()) {
        FaultInjectingStorageBackend faulty =
            FaultInjectingStorageBackend.builder(memory).failFirst(operation, 1, failure).build();
        RetryingStorageBackend retrying = retrying(faulty);

        assertThatThrownBy(() -> call(retrying, operation)).as("%s on %s", failure, operation)
            .isInstanceOf(StorageException.class);
        assertThat(faulty.count(operation)).as("%s on %s", failure, operation).isEqualTo(1);
      }
    }
    assertThat(slept).isEmpty();
  }

  @Test
  void alreadyExistsIsNeverRetried() throws Exception {
    memory.put(SNAPSHOT, BlobContent.of(new byte[] {1}), PutMode.CREATE_IF_ABSENT);
    memory.put(PACK, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.recording(memory);

    assertThatThrownBy(() -> retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.AlreadyExists.class);
    // without an earlier unknown outcome, even a content-addressed key reports what the store said
    assertThatThrownBy(() -> retrying(faulty).put(PACK, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.AlreadyExists.class);
    assertThat(faulty.count(PUT)).isEqualTo(2);
  }

  @Test
  void readsListsAndDeletesRetryTransientAndUnknownOutcomes() throws Exception {
    memory.put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .failFirst(OPEN, 2, Failure.TRANSIENT)
        .failFirst(STAT, 1, Failure.OUTCOME_UNKNOWN)
        .failFirst(LIST, 2, Failure.TRANSIENT)
        .failFirst(DELETE, 2, Failure.OUTCOME_UNKNOWN)
        .build();
    RetryingStorageBackend retrying = retrying(faulty);

    try (InputStream in = retrying.open(SNAPSHOT)) {
      assertThat(in.readAllBytes()).isEqualTo(BYTES);
    }
    assertThat(retrying.stat(SNAPSHOT)).isPresent();
    try (Stream<?> listed = retrying.list("snapshots/")) {
      assertThat(listed).hasSize(1);
    }
    retrying.delete(SNAPSHOT);

    assertThat(operations(faulty)).containsExactly(OPEN, OPEN, OPEN, STAT, STAT, LIST, LIST, LIST, DELETE, DELETE,
        DELETE);
    assertThat(memory.keys()).isEmpty();
  }

  @Test
  void aStreamFailingMidReadIsNotRetried() throws Exception {
    memory.put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.every(OPEN), new Fault.FailReadAfter(4)).build();

    try (InputStream in = retrying(faulty).open(SNAPSHOT)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
    }
    assertThat(faulty.count(OPEN)).isEqualTo(1);
  }

  // ---------------------------------------------------------------- unknown outcomes of puts

  @Test
  void unknownOutcomeOnOrdinaryKeyIsResolvedNotBlindlyRetried() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(PUT, 1), new Fault.DropAfterSend()).build();

    retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);

    // the put landed: stat and a read-back confirm it, nothing is sent twice
    assertThat(operations(faulty)).containsExactly(PUT, STAT, OPEN);
    assertThat(memory.open(SNAPSHOT).readAllBytes()).isEqualTo(BYTES);
  }

  @Test
  void unknownOutcomeThatDidNotLandIsPutAgainAfterResolving() throws Exception {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 1, Failure.OUTCOME_UNKNOWN).build();

    retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT);

    assertThat(operations(faulty)).containsExactly(PUT, STAT, PUT);
    assertThat(memory.open(SNAPSHOT).readAllBytes()).isEqualTo(BYTES);
  }

  @Test
  void unknownOutcomeOverAnOlderVersionIsPutAgain() throws Exception {
    memory.put(SNAPSHOT, BlobContent.of("older version".getBytes(StandardCharsets.UTF_8)),
        PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 1, Failure.OUTCOME_UNKNOWN).build();

    retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);

    // same length, different bytes: the read-back tells them apart
    assertThat(operations(faulty)).containsExactly(PUT, STAT, OPEN, PUT);
    assertThat(memory.open(SNAPSHOT).readAllBytes()).isEqualTo(BYTES);
  }

  @Test
  void createIfAbsentWhoseBlobLandedStaysUnknown() {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(PUT, 1), new Fault.DropAfterSend()).build();

    // the blob holds our bytes, but another writer could have put identical ones: only the caller can judge
    assertThatThrownBy(() -> retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.OutcomeUnknown.class).hasMessageContaining("identical content");
    assertThat(faulty.count(PUT)).isEqualTo(1);
  }

  @Test
  void createIfAbsentFindingAnotherWritersBlobIsAlreadyExists() {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 1, Failure.OUTCOME_UNKNOWN).build();
    duringSleep = () -> {
      try {
        memory.put(SNAPSHOT, BlobContent.of("someone else".getBytes(StandardCharsets.UTF_8)),
            PutMode.CREATE_IF_ABSENT);
      } catch (StorageException e) {
        throw new AssertionError(e);
      }
    };

    assertThatThrownBy(() -> retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.AlreadyExists.class);
    assertThat(faulty.count(PUT)).isEqualTo(1);
  }

  @Test
  void unknownOutcomeOnContentAddressedKeyIsSimplyPutAgain() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(PUT, 1), new Fault.DropAfterSend())
        .inject(When.nth(PUT, 3), new Fault.Fail(Failure.OUTCOME_UNKNOWN))
        .build();
    RetryingStorageBackend retrying = retrying(faulty);

    retrying.put(PACK, BlobContent.of(BYTES), PutMode.CREATE_IF_ABSENT);
    BlobKey other = BlobKey.of("data/00/0000");
    retrying.put(other, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);

    // the second put of PACK meets the first one's blob: AlreadyExists after an unknown outcome is success
    assertThat(faulty.calls(PUT)).extracting(Call::key, Call::failure).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PACK, StorageException.OutcomeUnknown.class),
        org.assertj.core.groups.Tuple.tuple(PACK, StorageException.AlreadyExists.class),
        org.assertj.core.groups.Tuple.tuple(other, StorageException.OutcomeUnknown.class),
        org.assertj.core.groups.Tuple.tuple(other, null));
    assertThat(faulty.count(STAT)).isZero();
    assertThat(memory.keys()).containsExactly(other, PACK);
  }

  @Test
  void resolvingThroughTransientStatFailuresStaysWithinTheBudget() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(PUT, 1), new Fault.DropAfterSend())
        .failFirst(STAT, 2, Failure.TRANSIENT)
        .build();

    retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);

    assertThat(operations(faulty)).containsExactly(PUT, STAT, STAT, STAT, OPEN);
  }

  @Test
  void exhaustedBudgetAfterAnUnknownOutcomeIsReportedAsUnknown() {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .failFirst(PUT, 1, Failure.OUTCOME_UNKNOWN)
        .failFirst(STAT, 100, Failure.TRANSIENT)
        .build();

    assertThatThrownBy(() -> retrying(faulty).put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.OutcomeUnknown.class).hasMessageContaining("gave up after 6 attempts");
    assertThat(faulty.count(PUT)).isEqualTo(1);
  }

  @Test
  void interruptedBackoffStopsAndKeepsTheInterrupt() {
    FaultInjectingStorageBackend faulty =
        FaultInjectingStorageBackend.builder(memory).failFirst(PUT, 100, Failure.TRANSIENT).build();
    RetryingStorageBackend retrying = RetryingStorageBackend.of(faulty, RetryPolicy.defaults(), key -> false,
        new SplittableRandom(1), duration -> {
          throw new InterruptedException();
        });

    try {
      assertThatThrownBy(() -> retrying.put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE))
          .isInstanceOfSatisfying(StorageException.Transient.class,
              e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(faulty.count(PUT)).isEqualTo(1);
    } finally {
      Thread.interrupted();
    }
  }

  // ---------------------------------------------------------------- a flaky store under load

  @Test
  void batchOverTenPercentRandomFailuresCompletesWithIdenticalContent() throws Exception {
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory).seed(2026)
        .failRandomly(PUT, 0.10, Failure.TRANSIENT)
        .inject(When.randomly(PUT, 0.03), new Fault.DropAfterSend())
        .failRandomly(STAT, 0.10, Failure.TRANSIENT)
        .failRandomly(OPEN, 0.10, Failure.TRANSIENT)
        .build();
    RetryingStorageBackend retrying = retrying(faulty);
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      contents.add(("blob " + i + " ").repeat(1 + i % 17).getBytes(StandardCharsets.UTF_8));
    }

    for (int i = 0; i < 200; i++) {
      retrying.put(keyOf(i), BlobContent.of(contents.get(i)), PutMode.CREATE_OR_REPLACE);
    }

    for (int i = 0; i < 200; i++) {
      assertThat(memory.open(keyOf(i)).readAllBytes()).as("blob %d", i).isEqualTo(contents.get(i));
    }
    assertThat(memory.keys()).hasSize(200);
    assertThat(faulty.calls(PUT).stream().filter(Call::injected).count()).as("faults injected").isGreaterThan(10);
  }

  private static BlobKey keyOf(int i) {
    // half content-addressed (blind re-put), half resolved by stat and read-back
    return i % 2 == 0 ? BlobKey.of("data/%03d".formatted(i)) : BlobKey.of("snapshots/%03d".formatted(i));
  }

  private static void call(StorageBackend backend, StorageOperation operation) throws Exception {
    switch (operation) {
      case PUT -> backend.put(SNAPSHOT, BlobContent.of(BYTES), PutMode.CREATE_OR_REPLACE);
      case OPEN -> backend.open(SNAPSHOT).close();
      case STAT -> backend.stat(SNAPSHOT);
      case LIST -> backend.list("").close();
      case DELETE -> backend.delete(SNAPSHOT);
    }
  }
}
