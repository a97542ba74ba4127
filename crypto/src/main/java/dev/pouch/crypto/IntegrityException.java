package dev.pouch.crypto;

import java.io.IOException;

/**
 * Data failed authentication or is structurally invalid: a sealed object was modified, truncated, extended, moved to
 * another object, type or key epoch, or sealed under another key; or a serialized key structure is malformed.
 *
 * <p>Never retry on this exception: the bytes will not get better. Messages never contain key material or plaintext.
 */
public class IntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming what failed. */
  public IntegrityException(String message) {
    super(message);
  }

  /** Creates the exception with a message naming what failed and the underlying cause. */
  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
