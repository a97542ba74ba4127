package dev.pouch.storage.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link LocalStorageBackend} keeps its blobs.
 *
 * @param root the directory that maps to the empty key prefix; it must exist (the backend never creates it, so a
 *     missing mount shows up as an error instead of a backup written to the wrong disk)
 * @param fsync whether to fsync each blob and its directory before a put returns; turn off only for throwaway data
 */
public record LocalBackendConfig(Path root, boolean fsync) {

  public LocalBackendConfig {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  /** {@code root} with fsync on, the default. */
  public static LocalBackendConfig of(Path root) {
    return new LocalBackendConfig(root, true);
  }
}
