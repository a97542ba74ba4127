package dev.pouch.storage.local;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The root directory of a local backend: where keys live, and whether it is there at all. */
final class LocalRoot {

  private final Path directory;
  private final String backend;

  LocalRoot(Path directory) {
    this.directory = directory;
    this.backend = directory.toString();
  }

  Path directory() {
    return directory;
  }

  /** The backend's name for messages: the root's path. */
  String backend() {
    return backend;
  }

  /** The file of {@code key}. BlobKey has no empty, "." or ".." segment, so this never leaves the root. */
  Path resolve(BlobKey key) {
    return directory.resolve(key.value());
  }

  /** Fails with ContainerMissing unless the root is a directory. */
  void requireExists(String operation, BlobKey key) throws StorageException {
    if (!Files.isDirectory(directory)) {
      throw containerMissing(operation, key, null);
    }
  }

  StorageException containerMissing(String operation, BlobKey key, IOException cause) {
    String reason = Files.exists(directory) ? directory + " is not a directory"
        : "directory " + directory + " does not exist";
    return new StorageException.ContainerMissing(operation, key, backend, reason, cause);
  }

  /** For a path found missing: NotFound, unless the whole root is gone (an unmounted NFS share, say). */
  StorageException missing(String operation, BlobKey key, IOException cause) {
    return Files.isDirectory(directory) ? new StorageException.NotFound(operation, key, backend, cause)
        : containerMissing(operation, key, cause);
  }
}
