package dev.pouch.agent.lock;

import java.io.IOException;

/** A held lock; closing releases it. Refreshed in the background while held so others do not take it for stale. */
public interface RepositoryLock extends AutoCloseable {

  LockInfo info();

  @Override
  void close() throws IOException;
}
