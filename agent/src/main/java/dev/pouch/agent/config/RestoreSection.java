package dev.pouch.agent.config;

import java.time.Instant;

/**
 * {@code restore:} the seed's RestoreConfig, used by {@code pouch drill --config} and by the sidecar's drills.
 *
 * @param verifyBeforeRestore check the repository's metadata before restoring (default true)
 * @param verifyAfterRestore re-read the restored files and compare them with the snapshot (default true)
 * @param forceRestore restore into a non-empty directory (default false)
 * @param pointInTime {@code pouch drill --config} recovers the state at this time (point-in-time recovery from
 *     the WAL shipped by {@code schedule.continuous}) instead of a snapshot, unless {@code --at} or
 *     {@code --snapshot} says otherwise
 */
public record RestoreSection(Boolean verifyBeforeRestore, Boolean verifyAfterRestore, Boolean forceRestore,
    Instant pointInTime) {

  public RestoreSection {
    verifyBeforeRestore = verifyBeforeRestore == null ? Boolean.TRUE : verifyBeforeRestore;
    verifyAfterRestore = verifyAfterRestore == null ? Boolean.TRUE : verifyAfterRestore;
    forceRestore = forceRestore == null ? Boolean.FALSE : forceRestore;
  }

  static RestoreSection defaults() {
    return new RestoreSection(null, null, null, null);
  }
}
