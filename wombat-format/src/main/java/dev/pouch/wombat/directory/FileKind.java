package dev.pouch.wombat.directory;

/** What a file in a Wombat directory is. */
public enum FileKind {
  /** An SSTable. */
  SST,
  /** The MANIFEST. */
  MANIFEST,
  /** A write-ahead-log segment. */
  WAL,
  /** A value-log file. */
  VLOG,
  /** A deployment-supplied configuration file (opaque). */
  CONFIG,
  /** A temporary file; Wombat deletes these at open. */
  TEMP,
  /** Anything else, kept as opaque bytes. */
  OTHER
}
