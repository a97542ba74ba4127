package dev.pouch.crypto;

import java.io.IOException;

/**
 * A password did not unwrap a {@link KeyFile}. Because the key file's parameters, salt and id all feed the
 * authenticated unwrapping, a damaged key file is indistinguishable from a wrong password and also ends here.
 */
public class WrongPasswordException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the key file (never the password). */
  public WrongPasswordException(String message) {
    super(message);
  }

  /** Creates the exception with a message naming the key file and the underlying cause. */
  public WrongPasswordException(String message, Throwable cause) {
    super(message, cause);
  }
}
