package dev.pouch.wombat.vlog;

import java.io.IOException;

/** A value pointer that does not resolve against the known value-log bytes. */
public final class UnresolvedPointerException extends IOException {
  private final transient ValuePointer pointer;
  private final PointerCheck check;

  /** Creates the exception for {@code pointer}, which failed with {@code check}. */
  public UnresolvedPointerException(ValuePointer pointer, PointerCheck check) {
    super("value pointer to file " + pointer.fileId() + " offset " + pointer.offset() + " size " + pointer.size()
        + " does not resolve: " + check);
    this.pointer = pointer;
    this.check = check;
  }

  /** The pointer. */
  public ValuePointer pointer() {
    return pointer;
  }

  /** Why it failed. */
  public PointerCheck check() {
    return check;
  }
}
