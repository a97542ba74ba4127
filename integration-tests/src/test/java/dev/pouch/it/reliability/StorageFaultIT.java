package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.cli.ExitCodes;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.When;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Storage that fails, stalls, loses replies, loses writes, cuts reads short or returns flipped bits, under the
 * agent's own services and the CLI's retry layer ({@link FaultyStorage}). Backups complete where retrying is safe and
 * fail with an error naming the object otherwise; whenever one reports success, its snapshot is restored without
 * faults and compared with the source.
 */
class StorageFaultIT {

  private static final Tally TALLY = new Tally("storage-faults");
  private static final Predicate<BlobKey> PACKS = k -> k.value().startsWith(RepositoryLayout.DATA);

  @TempDir static Path shared;
  private static Path source;
  @TempDir Path tmp;

  @BeforeAll
  static void generate() throws IOException {
    source = shared.resolve("wombat");
    WombatSimulator.generate(source, 3_000_000, Mix.BALANCED, 7);
  }

  @AfterAll
  static void writeCounts() throws IOException {
    TALLY.write();
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, RunLength.pick(5, 25));
  }

  /** Restores {@code id} without faults and compares it with the source; verify --read-data finds nothing. */
  private void assertRestores(FaultyStorage storage, String id) throws Exception {
    Repository clean = storage.clean();
    Path target = tmp.resolve("restore-" + System.nanoTime());
    FaultyStorage.restore(clean, id, target);
    assertThat(CaptureComparison.differences(source, target)).isEmpty();
    VerifyReport report = FaultyStorage.verify(clean);
    assertThat(report.problems()).isEmpty();
  }

  /**
   * 10% of all calls fail at random (transient errors, which the retry layer repeats): a first backup, an
   * incremental one of a changed source and restores of both, all through the faults, complete; the restores match
   * their sources.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void backupThroughStorageFailingTenPercentOfCallsCompletesAndRestores(long seed) throws Exception {
    FaultyStorage storage = FaultyStorage.create(seed, b -> {
      for (StorageOperation op : StorageOperation.values()) {
        b.failRandomly(op, 0.10, Failure.TRANSIENT);
      }
      return b;
    });
    Path changed = tmp.resolve("changed");
    WombatSimulator.generate(changed, 1_000_000, Mix.BALANCED, 100 + seed);
    String first = FaultyStorage.backup(storage.open(), source).id().hex();
    String second = FaultyStorage.backup(storage.open(), changed).id().hex();
    Path firstRestored = tmp.resolve("first");
    Path secondRestored = tmp.resolve("second");
    FaultyStorage.restore(storage.open(), first, firstRestored);
    FaultyStorage.restore(storage.open(), second, secondRestored);
    assertThat(CaptureComparison.differences(source, firstRestored)).isEmpty();
    assertThat(CaptureComparison.differences(changed, secondRestored)).isEmpty();
    assertThat(FaultyStorage.verify(storage.clean()).problems()).isEmpty();
    assertThat(storage.injected()).as("faults injected").isPositive();
    TALLY.add("random 10% transient failures: backups completed", 2);
    TALLY.add("random 10% transient failures: faults injected", storage.injected());
  }

  /**
   * Replies lost after the write happened (DropAfterSend) and requests that fail with an unknown outcome: packs,
   * index and snapshot objects are content-addressed and simply sent again; a lock object cannot be, and a backup
   * whose lock write stays unknown stops with that error. Every reported success restores.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void lostRepliesAreRetriedWhereSafeAndReportedOtherwise(long seed) throws Exception {
    FaultyStorage storage = FaultyStorage.create(seed, b -> b
        .inject(When.randomly(StorageOperation.PUT, 0.15), new Fault.DropAfterSend())
        .failRandomly(StorageOperation.PUT, 0.10, Failure.OUTCOME_UNKNOWN));
    Repository repository = storage.open();
    BackupService.BackupResult result = null;
    for (int attempt = 1; result == null; attempt++) {
      assertThat(attempt).as("backup attempts").isLessThanOrEqualTo(10);
      try {
        result = FaultyStorage.backup(repository, source);
      } catch (StorageException.OutcomeUnknown e) {
        assertThat(e.key().value()).as(e.getMessage()).startsWith(RepositoryLayout.LOCKS);
        assertThat(e.getMessage()).contains(e.key().value());
        assertThat(new SnapshotStore(storage.clean()).ids()).isEmpty();
        TALLY.add("lost replies: backups stopped by an unknown lock write", 1);
      }
    }
    assertRestores(storage, result.id().hex());
    TALLY.add("lost replies: faults injected", storage.injected());
  }

  @Test
  void slowStorageOnlySlowsTheBackup() throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> {
      for (StorageOperation op : StorageOperation.values()) {
        b.delay(op, Duration.ofMillis(3));
      }
      return b;
    });
    BackupService.BackupResult result = FaultyStorage.backup(storage.open(), source);
    assertRestores(storage, result.id().hex());
    TALLY.add("delays: calls delayed", storage.injected());
  }

  /**
   * A put that is acknowledged but never stored cannot be seen by the writer. What pouch guarantees then: the
   * snapshot that needs the lost object is reported by verify with its id, and restoring it fails with an integrity
   * error naming what is missing, before any file is written wrong.
   */
  @Test
  void aLostPackWriteIsFoundByVerifyAndRestoreNeverReturnsWrongData() throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b
        .inject(When.nth(StorageOperation.PUT, 1).forKeys(PACKS), new Fault.LoseWrite()));
    BackupService.BackupResult result;
    try {
      result = FaultyStorage.backup(storage.open(), source);
    } catch (IOException e) {
      TALLY.add("lost writes: reported by backup", 1);
      assertThat(new SnapshotStore(storage.clean()).ids()).isEmpty();
      return;
    }
    TALLY.add("lost writes: found by verify, not by backup", 1);
    Repository clean = storage.clean();
    VerifyReport report = FaultyStorage.verify(clean);
    assertThat(report.problems()).isNotEmpty();
    assertThat(report.problems()).allSatisfy(p -> assertThat(p.affectedSnapshots())
        .contains(result.id().shortHex()));
    Path target = tmp.resolve("restore");
    String missing = report.problems().get(0).object();
    assertThatThrownBy(() -> FaultyStorage.restore(clean, result.id().hex(), target))
        .isInstanceOf(IOException.class).hasMessageContaining(missing);
  }

  private enum ReadFault {
    FLIP_BIT(new Fault.FlipBit(700)), TRUNCATE(new Fault.TruncateRead(300));

    final Fault fault;

    ReadFault(Fault fault) {
      this.fault = fault;
    }
  }

  /**
   * Restore reads a pack whose bytes come back wrong once: it stops, a flipped bit as an integrity error, a short read
   * of a pack that storage holds whole as a failed read (not damage); a second try works.
   */
  @ParameterizedTest
  @EnumSource(ReadFault.class)
  void corruptedPackReadsStopTheRestore(ReadFault fault) throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b);
    String id = FaultyStorage.backup(storage.open(), source).id().hex();
    storage.faults().inject(When.nth(StorageOperation.OPEN, 1).forKeys(PACKS), fault.fault);
    Repository repository = storage.open();
    Path target = tmp.resolve("restore");
    int exitCode = fault == ReadFault.TRUNCATE ? ExitCodes.FAILURE : ExitCodes.INTEGRITY;
    assertThatThrownBy(() -> FaultyStorage.restore(repository, id, target))
        .isInstanceOfSatisfying(IOException.class, e -> {
          assertThat(ExitCodes.of(e)).isEqualTo(exitCode);
          assertThat(e.getMessage()).containsAnyOf("pack", "chunk", "data/");
        });
    TALLY.add("corrupted reads: restores stopped", 1);
    Path again = tmp.resolve("again");
    FaultyStorage.restore(repository, id, again);
    assertThat(CaptureComparison.differences(source, again)).isEmpty();
  }

  /**
   * The index read at the start of a backup comes back wrong: the backup stops before writing a snapshot. A flipped
   * bit is damage (integrity error); fewer bytes than listed is a failed read (storage error), never mistaken for
   * damage that repair would drop.
   */
  @ParameterizedTest
  @EnumSource(ReadFault.class)
  void corruptedIndexReadsStopTheBackup(ReadFault fault) throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b);
    String first = FaultyStorage.backup(storage.open(), source).id().hex();
    storage.faults().inject(When.nth(StorageOperation.OPEN, 1).forKeys(k -> k.value().startsWith(
        RepositoryLayout.INDEX)), fault.fault);
    Path changed = tmp.resolve("changed");
    WombatSimulator.generate(changed, 1_000_000, Mix.BALANCED, 8);
    Class<? extends IOException> expected = fault == ReadFault.TRUNCATE ? StorageException.class
        : IntegrityException.class;
    assertThatThrownBy(() -> FaultyStorage.backup(storage.open(), changed))
        .isInstanceOf(expected).hasMessageContaining("index");
    assertThat(new SnapshotStore(storage.clean()).ids()).extracting(x -> x.hex()).containsExactly(first);
    TALLY.add("corrupted reads: backups stopped", 1);
  }

  private enum Permanent {
    ACCESS_DENIED(Failure.ACCESS_DENIED, ExitCodes.FAILURE), REJECTED(Failure.REJECTED, ExitCodes.FAILURE),
    CONTAINER_MISSING(Failure.CONTAINER_MISSING, ExitCodes.REPOSITORY_UNAVAILABLE),
    TRANSIENT_BEYOND_BUDGET(Failure.TRANSIENT, ExitCodes.FAILURE);

    final Failure failure;
    final int exitCode;

    Permanent(Failure failure, int exitCode) {
      this.failure = failure;
      this.exitCode = exitCode;
    }
  }

  /** Failures that retrying cannot fix: the backup stops, names the object, writes no snapshot. */
  @ParameterizedTest
  @EnumSource(Permanent.class)
  void failuresRetriesCannotFixStopTheBackupClearly(Permanent kind) throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b
        .inject(When.every(StorageOperation.PUT).forKeys(PACKS), new Fault.Fail(kind.failure)));
    assertThatThrownBy(() -> FaultyStorage.backup(storage.open(), source))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.key().value()).startsWith(RepositoryLayout.DATA);
          assertThat(e.getMessage()).contains(e.key().value()).contains(storage.store().describe());
          assertThat(ExitCodes.of(e)).isEqualTo(kind.exitCode);
        });
    Repository clean = storage.clean();
    assertThat(new SnapshotStore(clean).ids()).isEmpty();
    assertThat(FaultyStorage.verify(clean).problems()).isEmpty();
    TALLY.add("permanent failures: backups stopped with the object named", 1);
  }

  /** An upload whose connection breaks mid-body is retried (its content is replayable). */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void uploadsBrokenMidBodyAreRetried(long seed) throws Exception {
    FaultyStorage storage = FaultyStorage.create(seed, b -> b
        .inject(When.randomly(StorageOperation.PUT, 0.3), new Fault.FailUploadAfter(100)));
    BackupService.BackupResult result = FaultyStorage.backup(storage.open(), source);
    assertRestores(storage, result.id().hex());
    TALLY.add("broken uploads: faults injected", storage.injected());
  }

  /** A download that breaks mid-stream stops the restore with an error (it is not silently short); a rerun works. */
  @Test
  void downloadsBrokenMidStreamStopTheRestore() throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b);
    String id = FaultyStorage.backup(storage.open(), source).id().hex();
    storage.faults().inject(When.nth(StorageOperation.OPEN, 1).forKeys(PACKS), new Fault.FailReadAfter(1000));
    Repository repository = storage.open();
    Path target = tmp.resolve("restore");
    assertThatThrownBy(() -> FaultyStorage.restore(repository, id, target)).isInstanceOf(IOException.class);
    FaultyStorage.restore(repository, id, target, true);
    assertThat(CaptureComparison.differences(source, target)).isEmpty();
  }

  /**
   * A listing whose next page fails (the retry layer repeats list calls, not pages already being consumed): the
   * backup stops with that storage error and writes no snapshot. The error arrives as an
   * {@link java.io.UncheckedIOException} from the listing stream; the CLI reports its cause (see MainTest).
   */
  @ParameterizedTest
  @MethodSource("listings")
  void listingsFailingMidwayStopTheBackup(long nthList) throws Exception {
    FaultyStorage storage = FaultyStorage.create(1, b -> b);
    String first = FaultyStorage.backup(storage.open(), source).id().hex();
    storage.faults().inject(When.nth(StorageOperation.LIST, nthList), new Fault.FailListAfter(0));
    Path changed = tmp.resolve("changed");
    WombatSimulator.generate(changed, 1_000_000, Mix.BALANCED, 9);
    Throwable thrown = catchThrowable(() -> FaultyStorage.backup(storage.open(), changed));
    Throwable cause = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
    assertThat(cause).isInstanceOf(StorageException.Transient.class).hasMessageContaining("list failed");
    assertThat(new SnapshotStore(storage.clean()).ids()).extracting(x -> x.hex()).containsExactly(first);
    TALLY.add("listing failures: backups stopped", 1);
  }

  static List<Long> listings() {
    return List.of(1L, 2L, 3L);
  }
}
