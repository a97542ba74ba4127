package dev.pouch.agent.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLockedException;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LockServiceTest {

  private final MemoryStorageBackend backend = MemoryStorageBackend.create();

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
}
