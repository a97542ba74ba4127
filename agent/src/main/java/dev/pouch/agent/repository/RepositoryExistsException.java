package dev.pouch.agent.repository;

import java.io.IOException;

/** {@code init} found a repository already at the location. */
public final class RepositoryExistsException extends IOException {
  public RepositoryExistsException(String message) {
    super(message);
  }
}
