/**
 * A deterministic simulator of Wombat's file behaviour, for tests, the bench harness and {@code pouch demo}.
 *
 * <p>{@link dev.pouch.wombat.simulator.WombatSimulator} performs one operation per {@code step()} (puts with inline
 * and value-log values, deletes, batches, transactions, compaction steps, restarts) and writes byte-exact Wombat
 * files with positional writes: WALs preallocated to {@code mem_table_size} and doubled, value logs preallocated to
 * {@code value_log_file_size}, SSTables built block by block under their final name, MANIFEST lines. One {@code long}
 * seed drives every choice; with a deterministic {@link java.time.Clock} the same seed gives the same bytes.
 *
 * <p>Vocabulary: a <em>lifetime</em> is one simulated Wombat process; a restart ends it. A <em>segment</em> is one
 * WAL file of one lifetime, identified by {@link dev.pouch.wombat.simulator.WalSegmentId} (lifetime, WAL number,
 * file name, inode). The <em>ground truth</em> ({@link dev.pouch.wombat.simulator.GroundTruth}) logs every WAL record
 * with the wall-clock time its operation started, its segment and its end offset, and answers what state a reader
 * must recover at a time or at given segment cuts under §5's rules. {@link dev.pouch.wombat.simulator.LiveWombat}
 * runs a simulator on its own thread while a backup reads the directory.
 *
 * <p>Where the simulator simplifies Wombat, its Javadoc says so (for example compaction picking and the swap-remove
 * order of MANIFEST deletes at open).
 */
package dev.pouch.wombat.simulator;
