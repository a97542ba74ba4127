package dev.pouch.wombat.simulator;

/**
 * Which WAL segment a record went to: one file of one lifetime.
 *
 * <p>An agent can compute the last two components from the file itself: the name, and the inode from {@code
 * Files.getAttribute(path, "unix:ino")} (for Wombat's unlinked {@code wal_1}, stat the procfs fd link and strip the
 * {@code " (deleted)"} suffix from its target). Names and inode numbers are reused across lifetimes, so match them
 * with {@link GroundTruth#findSegment(String, long, java.time.Instant)}, which picks the segment that had that name
 * and inode at the time the agent observed it.
 *
 * @param lifetime 1 for the first simulated process, +1 per restart
 * @param walNumber the {@code <n>} in the segment's name; restarts at 1 per lifetime
 * @param fileName the file name when created
 * @param inode the file's inode number
 */
public record WalSegmentId(int lifetime, long walNumber, String fileName, long inode) {}
