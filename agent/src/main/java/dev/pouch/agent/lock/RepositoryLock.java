package dev.pouch.agent.lock;

import java.io.IOException;

/** A held lock; closing releases it. Refreshed in the background while held so others do not take it for stale. */
public interface RepositoryLock extends AutoCloseable {

  LockInfo info();

  /**
   * Throws {@link dev.pouch.agent.repository.RepositoryLockedException} when the lock can no longer be counted on
   * (its refreshes failed for so long that others may take it for stale, or another process removed it). Writers call
   * it before they commit (an index, a snapshot, deletions), so work done under a lost lock is never made visible.
   */
  void checkStillHeld() throws IOException;

  @Override
  void close() throws IOException;
}
