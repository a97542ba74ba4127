package dev.pouch.agent.pack;

import dev.pouch.crypto.IntegrityException;

/** A pack whose structure is wrong (bad trailer, header out of bounds). Tampering or truncation, never retried. */
public final class PackFormatException extends IntegrityException {
  public PackFormatException(String message) {
    super(message);
  }
}
