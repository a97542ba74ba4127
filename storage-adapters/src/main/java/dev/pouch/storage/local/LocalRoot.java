package dev.pouch.storage.local;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

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

  /**
   * Throws {@link LocalErrors#symbolicLink} if {@code path} or a directory between it and the root is a symbolic
   * link; stops quietly at the first that does not exist, which the operation itself then reports. A repository
   * never holds links of its own, and following a planted one would read, write or walk outside the root. The root
   * itself (and the path to it) may be links: a repository mounted elsewhere and linked into place is common.
   */
  void refuseLinks(Path path) throws IOException {
    Path current = directory;
    for (Path name : directory.relativize(path)) {
      if (name.toString().isEmpty()) {
        return; // path is the root itself
      }
      current = current.resolve(name);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        if (LocalErrors.isMissing(e)) {
          return;
        }
        throw e;
      }
      if (attributes.isSymbolicLink()) {
        throw LocalErrors.symbolicLink(current);
      }
    }
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
