package dev.pouch.wombat.state;

/** How bad a restore-check finding is. */
public enum Severity {
  /** The restored directory is not safe to hand to Wombat. */
  ERROR,
  /** Worth reporting; the directory is still usable. */
  WARNING
}
