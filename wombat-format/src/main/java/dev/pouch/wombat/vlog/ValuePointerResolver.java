package dev.pouch.wombat.vlog;

import java.io.IOException;

/**
 * Decides whether a value pointer resolves. The WAL scanner consults it for every record with meta {@code 0x08},
 * because a pointer that does not resolve marks the end of the log (§2.2).
 *
 * <p>Implementations decide which bytes count: the live files, or only the bytes a backup captured.
 */
@FunctionalInterface
public interface ValuePointerResolver {

  /** Checks {@code pointer}; never throws for a pointer that merely fails to resolve. */
  PointerCheck check(ValuePointer pointer) throws IOException;

  /**
   * A resolver that accepts every pointer, for scanning a WAL without its value logs; the scan then cannot detect a
   * WAL record whose value-log record is missing.
   */
  static ValuePointerResolver acceptAll() {
    return pointer -> PointerCheck.VALID;
  }
}
