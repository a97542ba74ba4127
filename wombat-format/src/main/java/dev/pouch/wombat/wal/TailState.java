package dev.pouch.wombat.wal;

/** What lies after a WAL segment's validated end. */
public enum TailState {
  /** Only zero bytes: the preallocated tail (or nothing). */
  ALL_ZERO,
  /** At least one non-zero byte: a rejected record, a hole followed by data, or corruption. */
  NON_ZERO,
  /** The scan was asked not to read the tail. */
  NOT_CHECKED
}
