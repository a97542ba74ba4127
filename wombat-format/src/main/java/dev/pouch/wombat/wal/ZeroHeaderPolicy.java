package dev.pouch.wombat.wal;

/** What a 17-byte all-zero header means to a WAL scan. */
public enum ZeroHeaderPolicy {
  /** The log ends there: the zero tail of a preallocated file. The rule for every ordinary segment. */
  END_OF_LOG,
  /**
   * Skip it as padding and continue on the 17-byte grid: for the {@code wal_1} Wombat unlinks at open (read through
   * procfs), whose recovery wrote runs of zero records between real ones (§2.2, §6).
   */
  SKIP_AS_PADDING
}
