package dev.pouch.wombat.simulator;

/** How faithfully the simulator reproduces what Wombat's open does to the directory (§6.1). */
public enum RecoveryEmulation {
  /**
   * As Wombat: create {@code wal_1} with {@code O_TRUNC}, replay every WAL file (the new {@code wal_1} included, in
   * a seeded "readdir" order) into the new {@code wal_1} with their original timestamps and zero tails, delete them
   * all, so that {@code wal_1} lives on unlinked; delete every SSTable and temporary file; append a {@code
   * delete_table} line for every MANIFEST table.
   */
  FAITHFUL,
  /**
   * Visible and simple: delete the previous lifetime's WALs and SSTables without copying records, and start a
   * visible {@code wal_1} (a new inode). MANIFEST deletes as in {@link #FAITHFUL}.
   */
  SIMPLE
}
