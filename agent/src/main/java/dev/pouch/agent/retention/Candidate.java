package dev.pouch.agent.retention;

import dev.pouch.agent.repository.SnapshotId;
import java.time.Instant;

/**
 * What retention knows of a snapshot: its id, its time, the group (host and source) it belongs to, and {@code baseAt},
 * the earliest point a point-in-time restore can start from it. For a Wombat capture that is its capture time, which
 * comes after its start time by the length of the backup; a snapshot that started before the retention window but
 * was captured inside it cannot serve as the window's first base.
 */
public record Candidate(SnapshotId id, Instant time, String host, String source, Instant baseAt) {

  /** A snapshot that is not a Wombat capture (or whose capture time is not known): its base point is its time. */
  public Candidate(SnapshotId id, Instant time, String host, String source) {
    this(id, time, host, source, time);
  }
}
