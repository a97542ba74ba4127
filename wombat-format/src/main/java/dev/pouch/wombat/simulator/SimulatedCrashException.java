package dev.pouch.wombat.simulator;

import java.io.IOException;

/**
 * The simulated process died: the configured byte budget ran out in the middle of a write. Files hold exactly the
 * bytes written up to that point; the simulator accepts no further operations.
 */
public final class SimulatedCrashException extends IOException {
  /** Creates the exception after {@code bytesWritten} bytes. */
  public SimulatedCrashException(long bytesWritten) {
    super("simulated crash after " + bytesWritten + " bytes written");
  }
}
