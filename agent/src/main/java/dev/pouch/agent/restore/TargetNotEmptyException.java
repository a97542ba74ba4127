package dev.pouch.agent.restore;

import java.io.IOException;

/** The restore target already holds files and {@code --force} was not given. */
public final class TargetNotEmptyException extends IOException {
  public TargetNotEmptyException(String message) {
    super(message);
  }
}
