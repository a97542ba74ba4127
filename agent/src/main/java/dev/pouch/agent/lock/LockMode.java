package dev.pouch.agent.lock;

/** Shared locks (backup, copy into) coexist; an exclusive lock (prune, key rotation) excludes every other lock. */
public enum LockMode {
  SHARED,
  EXCLUSIVE
}
