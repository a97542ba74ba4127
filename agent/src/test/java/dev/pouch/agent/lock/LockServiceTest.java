package dev.pouch.agent.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LockServiceTest {

  private final MemoryStorageBackend backend = MemoryStorageBackend.create();
  private final FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(backend).build();

  @Test
  void sharedLocksCoexistAndExcludeAnExclusiveOne() throws Exception {
    Repository repo = TestRepositories.init(backend);
    LockService a = new LockService(repo, "host-a", 1);
    LockService b = new LockService(repo, "host-b", 2);
    try (RepositoryLock s1 = a.acquire(LockMode.SHARED, "backup"); RepositoryLock s2 = b.acquire(LockMode.SHARED,
        "backup")) {
      assertThatThrownBy(() -> b.acquire(LockMode.EXCLUSIVE, "prune")).isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("backup");
    }
    try (RepositoryLock x = b.acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThatThrownBy(() -> a.acquire(LockMode.SHARED, "backup")).isInstanceOf(RepositoryLockedException.class);
    }
    assertThat(a.list()).isEmpty();
  }

  @Test
  void locksNotRefreshedExpire() throws Exception {
    Repository repo = TestRepositories.init(backend);
    RepositoryLock stale = new LockService(repo, "gone-host", 1).acquire(LockMode.EXCLUSIVE, "prune");
    assertThat(stale.info().id()).isNotEmpty();
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    Repository laterRepo = Repository.open(backend, TestRepositories.PASSWORD, later, new SecureRandom());
    LockService other = new LockService(laterRepo, "host-b", 2);
    assertThat(other.list()).singleElement().satisfies(l -> assertThat(l.stale()).isTrue());
    try (RepositoryLock lock = other.acquire(LockMode.SHARED, "backup")) {
      assertThat(other.removeStale()).hasSize(1);
    }
  }

  @Test
  void lockOfADeadProcessOnThisHostIsStale() throws Exception {
    Repository repo = TestRepositories.init(backend);
    long deadPid = Long.MAX_VALUE / 2;
    new LockService(repo, "this-host", deadPid).acquire(LockMode.EXCLUSIVE, "backup");
    LockService me = new LockService(repo, "this-host", ProcessHandle.current().pid());
    try (RepositoryLock lock = me.acquire(LockMode.SHARED, "backup")) {
      assertThat(me.list()).filteredOn(LockService.Listed::stale).hasSize(1);
    }
  }

  @Test
  void aLockSealedUnderAnEpochAddedSinceThisProcessOpenedTheRepositoryIsHonoured() throws Exception {
    Repository sidecar = TestRepositories.init(backend); // opened before the rotation, as a long-lived sidecar is
    Repository admin = TestRepositories.open(backend);
    admin.rotateDataKey();
    try (RepositoryLock backup = new LockService(admin, "host-b", 2).acquire(LockMode.SHARED, "backup")) {
      LockService mine = new LockService(sidecar, "host-a", 1);
      // Taken for an unreadable, stale lock, it was removed by prune, which then deleted the backup's new packs.
      assertThat(mine.list()).singleElement().satisfies(l -> {
        assertThat(l.stale()).isFalse();
        assertThat(l.info().purpose()).isEqualTo("backup");
      });
      assertThatThrownBy(() -> mine.acquire(LockMode.EXCLUSIVE, "prune"))
          .isInstanceOf(RepositoryLockedException.class).hasMessageContaining("backup");
      assertThat(mine.removeStale()).isEmpty();
    }
  }

  @Test
  void anUnreadableLockCountsAsExclusiveUntilItsObjectIsOld() throws Exception {
    Repository repo = TestRepositories.init(backend);
    backend.put(dev.pouch.agent.repository.RepositoryLayout.lock("ff".repeat(16)),
        dev.pouch.storage.BlobContent.of("not a sealed lock".getBytes()), dev.pouch.storage.PutMode.CREATE_IF_ABSENT);
    LockService now = new LockService(repo, "host-a", 1);
    assertThat(now.list()).singleElement().satisfies(l -> assertThat(l.stale()).isFalse());
    assertThatThrownBy(() -> now.acquire(LockMode.SHARED, "backup")).isInstanceOf(RepositoryLockedException.class);

    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    LockService inAnHour = new LockService(Repository.open(backend, TestRepositories.PASSWORD, later,
        new SecureRandom()), "host-a", 1);
    assertThat(inAnHour.list()).singleElement().satisfies(l -> assertThat(l.stale()).isTrue());
  }

  @Test
  void aHolderWhoseClockRunsBehindIsNotTakenForStale() throws Exception {
    Repository repo = TestRepositories.init(backend);
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-45));
    Repository skewed = Repository.open(backend, TestRepositories.PASSWORD, behind, new SecureRandom());
    try (RepositoryLock backup = new LockService(skewed, "host-b", 2).acquire(LockMode.SHARED, "backup")) {
      LockService other = new LockService(repo, "host-a", 1);
      assertThat(other.list()).singleElement().satisfies(l -> assertThat(l.stale()).isFalse());
      assertThatThrownBy(() -> other.acquire(LockMode.EXCLUSIVE, "prune"))
          .isInstanceOf(RepositoryLockedException.class);
    }
  }

  @Test
  void aHolderLearnsThatItsLockWasRemovedAndDoesNotWriteItBack() throws Exception {
    Repository repo = TestRepositories.init(backend);
    LockService locks = new LockService(repo, "host-a", 1, Duration.ofMinutes(30), Duration.ofMillis(50));
    try (RepositoryLock held = locks.acquire(LockMode.SHARED, "backup")) {
      held.checkStillHeld();
      backend.delete(dev.pouch.agent.repository.RepositoryLayout.lock(held.info().id())); // a prune took it
      assertThat(eventually(() -> failsToHold(held))).contains("removed by another process");
      Thread.sleep(200);
      assertThat(locks.list()).isEmpty(); // not written back by a later refresh
    }
  }

  @Test
  void aLockIsReleasedFromAnInterruptedThreadAndTheInterruptIsKept() throws Exception {
    Repository repo = TestRepositories.init(faulty);
    LockService locks = new LockService(repo, "host-a", 1);
    RepositoryLock held = locks.acquire(LockMode.SHARED, "backup");
    // like a storage client, the delete gives up on an interrupted thread (the injected latency sleeps)
    faulty.inject(When.every(StorageOperation.DELETE), new Fault.Delay(Duration.ofMillis(1)));
    Thread.currentThread().interrupt(); // Ctrl-C reached the command, which unwinds and releases its lock
    try {
      held.close();
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the command").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(locks.list()).isEmpty();
  }

  /** What a signal's shutdown waits for: locks count from before their write until their release, failed ones not. */
  @Test
  void theProcessCountsTheLocksItHolds() throws Exception {
    Repository repo = TestRepositories.init(backend);
    LockService locks = new LockService(repo, "host-a", 1);
    int before = LockService.heldInThisProcess(); // other tests of this JVM may leave some unreleased
    RepositoryLock exclusive = locks.acquire(LockMode.EXCLUSIVE, "prune");
    assertThat(LockService.heldInThisProcess()).isEqualTo(before + 1);
    assertThatThrownBy(() -> locks.acquire(LockMode.SHARED, "backup")).isInstanceOf(RepositoryLockedException.class);
    assertThat(LockService.heldInThisProcess()).isEqualTo(before + 1);
    exclusive.close();
    exclusive.close();
    assertThat(LockService.heldInThisProcess()).isEqualTo(before);
  }

  @Test
  void aHolderWhoseRefreshesKeepFailingLearnsItMayBeTakenForStale() throws Exception {
    Repository repo = TestRepositories.init(faulty);
    LockService locks = new LockService(repo, "host-a", 1, Duration.ofMillis(600), Duration.ofMillis(100));
    try (RepositoryLock held = locks.acquire(LockMode.SHARED, "backup")) {
      held.checkStillHeld();
      faulty.inject(When.every(StorageOperation.PUT),
          new Fault.Fail(Failure.TRANSIENT));
      assertThat(eventually(() -> failsToHold(held))).contains("last refreshed");
      faulty.clearFaults();
    }
  }

  @Test
  void aLockWhosePutReplyWasLostIsHeldAndReleased() throws Exception {
    Repository repo = TestRepositories.init(faulty);
    faulty.inject(When.nth(StorageOperation.PUT, 1),
        new Fault.DropAfterSend());
    LockService locks = new LockService(repo, "host-a", 1);
    try (RepositoryLock held = locks.acquire(LockMode.EXCLUSIVE, "prune")) {
      assertThat(locks.list()).singleElement().satisfies(l -> assertThat(l.info()).isEqualTo(held.info()));
    }
    assertThat(locks.list()).isEmpty();
  }

  @Test
  void aFailedAcquireLeavesNoLockBehind() throws Exception {
    Repository repo = TestRepositories.init(faulty);
    LockService locks = new LockService(repo, "host-a", 1);
    // the put is not performed, but says its outcome is unknown
    faulty.inject(When.nth(StorageOperation.PUT, 1),
        new Fault.Fail(Failure.OUTCOME_UNKNOWN));
    assertThatThrownBy(() -> locks.acquire(LockMode.SHARED, "backup"))
        .isInstanceOf(dev.pouch.storage.StorageException.OutcomeUnknown.class);
    assertThat(locks.list()).isEmpty();
    // written, but the listing that looks for conflicts fails: the lock must not stay for the stale period
    faulty.inject(When.nth(StorageOperation.LIST, 1),
        new Fault.Fail(Failure.ACCESS_DENIED));
    assertThatThrownBy(() -> locks.acquire(LockMode.SHARED, "backup"))
        .isInstanceOf(dev.pouch.storage.StorageException.AccessDenied.class);
    assertThat(locks.list()).isEmpty();
  }

  private static String failsToHold(RepositoryLock held) {
    try {
      held.checkStillHeld();
      return null;
    } catch (java.io.IOException e) {
      return e.getMessage();
    }
  }

  private static String eventually(java.util.function.Supplier<String> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String result = probe.get();
      if (result != null) {
        return result;
      }
      Thread.sleep(20);
    }
    return "";
  }
}
