package dev.pouch.it.reliability;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.storage.retry.RetryPolicy;
import dev.pouch.storage.retry.RetryingStorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A repository in memory reached the way the CLI reaches storage, with faults in between: the agent's services over
 * {@link RetryingStorageBackend} (the CLI's policy of 6 attempts, with waits shortened to nothing) over
 * {@link FaultInjectingStorageBackend} over {@link MemoryStorageBackend}. {@link #clean()} opens the same store
 * without faults, for checking what the faulty run left behind.
 */
public final class FaultyStorage {

  static final char[] PASSWORD = "fault test password".toCharArray();
  static final String HOST = "fault-test";

  private final MemoryStorageBackend store;
  private final FaultInjectingStorageBackend faults;
  private final StorageBackend retrying;

  private FaultyStorage(MemoryStorageBackend store, FaultInjectingStorageBackend faults, long seed) {
    this.store = store;
    this.faults = faults;
    this.retrying = RetryingStorageBackend.of(faults, new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(8)),
        RepositoryLayout::isContentAddressed, new SplittableRandom(seed), d -> { });
  }

  /**
   * A new repository (initialised without faults, packs of 1 MiB) and the faults {@code script} adds to a builder
   * seeded with {@code seed}; the faults apply to everything done through {@link #open()}.
   */
  public static FaultyStorage create(long seed, UnaryOperator<FaultInjectingStorageBackend.Builder> script)
      throws IOException {
    MemoryStorageBackend store = MemoryStorageBackend.create();
    Repository.init(store, PASSWORD, new Repository.InitOptions(Argon2idParams.forTests(), "zstd", 3, 1 << 20,
        "fault test"), Clock.systemUTC(), new SecureRandom());
    FaultInjectingStorageBackend faults = script.apply(FaultInjectingStorageBackend.builder(store).seed(seed)
        .sleeper(Sleeper.system())).build();
    return new FaultyStorage(store, faults, seed);
  }

  /** The repository through faults and retries. */
  public Repository open() throws IOException {
    return Repository.open(retrying, PASSWORD, Clock.systemUTC(), new SecureRandom());
  }

  /** The same repository without faults or retries. */
  public Repository clean() throws IOException {
    return Repository.open(store, PASSWORD, Clock.systemUTC(), new SecureRandom());
  }

  public FaultInjectingStorageBackend faults() {
    return faults;
  }

  public MemoryStorageBackend store() {
    return store;
  }

  /** Faults that fired so far. */
  public long injected() {
    return faults.calls().stream().filter(FaultInjectingStorageBackend.Call::injected).count();
  }

  /** A Wombat-aware backup of {@code source} into {@code repository}, as {@code pouch backup} runs it. */
  public static BackupService.BackupResult backup(Repository repository, Path source) throws IOException {
    return backup(repository, source, Progress.NONE);
  }

  public static BackupService.BackupResult backup(Repository repository, Path source, Progress progress)
      throws IOException {
    return new BackupService(repository, new LockService(repository, HOST, ProcessHandle.current().pid()),
        new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), Clock.systemUTC()))
        .run(BackupRequest.of(source, HOST), progress);
  }

  /** Restores the files exactly as captured ({@code --raw}), for comparing them with the source. */
  public static RestoreService.RestoreResult restore(Repository repository, String snapshot, Path target)
      throws IOException {
    return restore(repository, snapshot, target, false);
  }

  /** The same, replacing files of a partial earlier restore when {@code force}. */
  public static RestoreService.RestoreResult restore(Repository repository, String snapshot, Path target,
      boolean force) throws IOException {
    return new RestoreService(repository).restore(new RestoreRequest(snapshot, target, force, 2, false, true),
        Progress.NONE);
  }

  public static VerifyReport verify(Repository repository) throws IOException {
    return new VerifyService(repository).verify(true, 2, Progress.NONE);
  }
}
