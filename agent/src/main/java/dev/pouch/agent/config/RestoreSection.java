package dev.pouch.agent.config;

import java.time.Instant;

/**
 * {@code restore:} the seed's RestoreConfig, used by {@code pouch drill --config} (and by restore jobs that pass a
 * config).
 *
 * @param verifyBeforeRestore check the repository's metadata before restoring (default true)
 * @param verifyAfterRestore re-read the restored files and compare them with the snapshot (default true)
 * @param forceRestore restore into a non-empty directory (default false)
 * @param pointInTime restore the state at this time instead of a snapshot (needs point-in-time recovery)
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
