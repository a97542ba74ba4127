package dev.pouch.agent.repository;

import java.io.IOException;

/** There is no pouch repository at the location (no config, no keys). */
public final class RepositoryNotFoundException extends IOException {
  public RepositoryNotFoundException(String message) {
    super(message);
  }

  public RepositoryNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
