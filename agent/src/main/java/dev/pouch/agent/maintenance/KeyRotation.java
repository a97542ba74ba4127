package dev.pouch.agent.maintenance;

import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Repository;
import java.io.IOException;

/**
 * {@code key rotate}: starts a new data-key epoch; data written afterwards is sealed with the new key, older data
 * stays readable under its own epoch until {@code prune --rewrite-old-epochs} re-encrypts its packs.
 *
 * <p>Rotation replaces {@code config}, so it takes an exclusive lock: two rotations at once would each add "the
 * next" epoch with a different key, and whichever config write lost would take its key, and the data already sealed
 * with it, along.
 */
public final class KeyRotation {

  private final Repository repository;
  private final LockService locks;

  public KeyRotation(Repository repository, LockService locks) {
    this.repository = repository;
    this.locks = locks;
  }

  /** Rotates and returns the repository as it is now (its keyring holds the new epoch as current). */
  public Repository rotate() throws IOException {
    try (RepositoryLock lock = locks.acquire(LockMode.EXCLUSIVE, "key rotate")) {
      return repository.rotateDataKey();
    }
  }
}
