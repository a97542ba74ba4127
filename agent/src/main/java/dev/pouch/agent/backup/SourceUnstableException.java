package dev.pouch.agent.backup;

import java.io.IOException;

/** The source changed under the backup in every attempt to capture it consistently; no snapshot was written. */
public final class SourceUnstableException extends IOException {
  public SourceUnstableException(String message) {
    super(message);
  }
}
