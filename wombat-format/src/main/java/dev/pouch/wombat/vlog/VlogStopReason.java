package dev.pouch.wombat.vlog;

/** Why a value-log scan stopped. */
public enum VlogStopReason {
  /** Fewer than 12 bytes remain. */
  END_OF_FILE,
  /** The record's {@code payload_len} is 0 (the zero tail of a preallocated file, or a hole). */
  ZERO_LENGTH,
  /** The record extends past the end of the file. */
  PAST_END,
  /** The record's FNV-1a-64 does not match its payload. */
  CHECKSUM_MISMATCH
}
