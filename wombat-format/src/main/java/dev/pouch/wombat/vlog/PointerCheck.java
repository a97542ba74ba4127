package dev.pouch.wombat.vlog;

/** The outcome of checking a {@link ValuePointer} against value-log bytes. */
public enum PointerCheck {
  /** The record lies inside the bytes, its {@code payload_len} equals {@code size - 12} and its FNV matches. */
  VALID,
  /** No value-log file with the pointer's id is known. */
  UNKNOWN_FILE,
  /** {@code offset + size} lies beyond the known (captured) length of the file. */
  PAST_END,
  /** The stored {@code payload_len} differs from {@code size - 12}, or {@code size} leaves no payload. */
  SIZE_MISMATCH,
  /** The stored FNV-1a-64 differs from the hash of the payload. */
  CHECKSUM_MISMATCH;

  /** Whether the pointer resolves. */
  public boolean isValid() {
    return this == VALID;
  }
}
