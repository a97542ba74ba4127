package dev.pouch.agent.restore;

import dev.pouch.crypto.IntegrityException;

/**
 * A snapshot asks for something a restore must never do: write outside the target (absolute paths, {@code ..},
 * paths below a symlink), or hold duplicate or absurd entries. Treated as an integrity problem (exit 3).
 */
public final class UnsafeSnapshotException extends IntegrityException {
  public UnsafeSnapshotException(String message) {
    super(message);
  }
}
