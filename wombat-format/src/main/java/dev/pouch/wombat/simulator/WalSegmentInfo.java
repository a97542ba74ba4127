package dev.pouch.wombat.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A segment's history.
 *
 * @param id the segment
 * @param path where it was created
 * @param createdAt wall-clock time of creation
 * @param unlinkedAt when its name was removed (it may still be written through the open descriptor, as Wombat's
 *     {@code wal_1} is), if it was
 */
public record WalSegmentInfo(WalSegmentId id, Path path, Instant createdAt, Optional<Instant> unlinkedAt) {}
