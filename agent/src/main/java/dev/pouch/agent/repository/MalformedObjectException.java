package dev.pouch.agent.repository;

import dev.pouch.crypto.IntegrityException;

/** An object authenticated but does not parse: a bug or a format this version cannot read. */
public final class MalformedObjectException extends IntegrityException {
  public MalformedObjectException(String message, Throwable cause) {
    super(message, cause);
  }
}
