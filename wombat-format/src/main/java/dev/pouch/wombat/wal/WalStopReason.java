package dev.pouch.wombat.wal;

/** The end-of-log rule (§2.2) that stopped a WAL scan. */
public enum WalStopReason {
  /** Fewer than 17 bytes remain. */
  END_OF_FILE,
  /** The header is 17 zero bytes (with {@link ZeroHeaderPolicy#SKIP_AS_PADDING}: only zeros remain). */
  ZERO_HEADER,
  /** {@code key_len} exceeds 1 MiB. */
  KEY_TOO_LONG,
  /** {@code value_len} exceeds 1 GiB. */
  VALUE_TOO_LONG,
  /** The record runs past the end of the file. */
  RECORD_PAST_END,
  /** {@code meta} has bits outside {@code 0x0B}. */
  UNKNOWN_META_BITS,
  /** {@code meta & 0x08} is set but {@code value_len} is not 16. */
  BAD_POINTER_LENGTH,
  /** {@code meta & 0x08} is set and the pointer does not resolve. */
  UNRESOLVED_POINTER,
  /** {@code meta & 0x01} is set and the value is not empty. */
  DELETE_WITH_VALUE;

  /** Whether the stop is the ordinary end of a cleanly written log (as opposed to a rejected record). */
  public boolean isCleanEnd() {
    return this == END_OF_FILE || this == ZERO_HEADER;
  }
}
