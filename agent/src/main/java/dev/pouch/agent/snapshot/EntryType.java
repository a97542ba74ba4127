package dev.pouch.agent.snapshot;

/** What a snapshot entry is. Device files, sockets and FIFOs are not backed up. */
public enum EntryType {
  FILE,
  DIRECTORY,
  SYMLINK
}
