package dev.pouch.agent.copy;

/** How a copy moves data. */
public enum CopyMode {
  /** Same keys on both sides: objects are authenticated and copied byte for byte. */
  RAW,
  /** Unrelated repositories: chunks are decrypted and sealed again under the target's keys. */
  REENCRYPT
}
