package dev.pouch.storage;

import java.util.Locale;

/** The operations of a {@link StorageBackend}, for decorators that count, fail or log them per operation. */
public enum StorageOperation {
  PUT, OPEN, STAT, LIST, DELETE;

  /** The lower-case name used in {@link StorageException#operation()} and metric labels: put, open, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
