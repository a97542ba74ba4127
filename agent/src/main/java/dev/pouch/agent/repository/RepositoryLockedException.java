package dev.pouch.agent.repository;

import java.io.IOException;

/** Another process holds a conflicting lock on the repository. */
public final class RepositoryLockedException extends IOException {
  public RepositoryLockedException(String message) {
    super(message);
  }
}
