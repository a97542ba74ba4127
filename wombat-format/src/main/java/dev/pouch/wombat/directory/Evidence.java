package dev.pouch.wombat.directory;

/** How strongly a file's content indicates a kind. */
public enum Evidence {
  /** A signature that arbitrary data matches only by accident (SST magic, MANIFEST JSON, value-log FNV). */
  STRONG,
  /** Plausible bytes that other kinds can also have (a WAL header, all zeros). */
  WEAK
}
