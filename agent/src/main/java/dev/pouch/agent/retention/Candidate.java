package dev.pouch.agent.retention;

import dev.pouch.agent.repository.SnapshotId;
import java.time.Instant;

/** What retention knows of a snapshot: its id, its time, and the group (host and source) it belongs to. */
public record Candidate(SnapshotId id, Instant time, String host, String source) {}
