package dev.pouch.storage.local;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The one place that turns filesystem {@link IOException}s into {@link StorageException} leaves. The JDK reports most
 * errno values only as a {@link FileSystemException} whose reason is the C library's {@code strerror} text, so those
 * are recognised by their (glibc and musl agree) text.
 */
final class LocalErrors {

  /**
   * errno texts (glibc and musl spellings) of failures that repeat until someone changes the filesystem, so retrying
   * them only delays the error: EPERM (an immutable or append-only file, or an operation the filesystem lacks),
   * EOPNOTSUPP, ENOSYS (FUSE), EXDEV, EINVAL (a name vfat or CIFS cannot hold), EMLINK, EFBIG.
   */
  private static final List<String> PERMANENT = List.of("operation not permitted", "not supported",
      "function not implemented", "cross-device link", "invalid argument", "too many links", "file too large");

  /** What link(2) answers where the filesystem has no hard links: EPERM (vfat, exFAT), EOPNOTSUPP or ENOSYS. */
  private static final List<String> NO_HARD_LINKS = List.of("operation not permitted", "not supported",
      "function not implemented");

  private LocalErrors() {}

  /** A symbolic link found below the root, which {@link #translate} reports as Rejected. */
  static FileSystemException symbolicLink(Path link) {
    return new SymbolicLinkFound(link);
  }

  /** Whether a failed {@code link(2)} says that the filesystem has no hard links. */
  static boolean isNoHardLinks(IOException e) {
    return NO_HARD_LINKS.stream().anyMatch(text -> reasonContains(e, text));
  }

  /** Whether {@code e} says a path (or one of its parents) does not exist or is not a directory. */
  static boolean isMissing(IOException e) {
    return e instanceof NoSuchFileException || e instanceof NotDirectoryException
        || reasonContains(e, "not a directory");
  }

  /** Whether {@code e} says the path is a directory where a file was expected. */
  static boolean isDirectory(IOException e) {
    return reasonContains(e, "is a directory");
  }

  /**
   * Classifies a failure of an operation that has not taken effect (the caller has already ruled out the outcomes
   * it handles itself, such as not-found on open).
   */
  static StorageException translate(String operation, BlobKey key, String backend, IOException e) {
    if (e instanceof StorageException storage) {
      return storage;
    }
    if (e instanceof AccessDeniedException) {
      return new StorageException.AccessDenied(operation, key, backend, "permission denied", e);
    }
    if (reasonContains(e, "read-only file system")) {
      return new StorageException.AccessDenied(operation, key, backend, "read-only file system", e);
    }
    if (reasonContains(e, "no space left on device")) {
      // retrying in seconds does not free space; the operator has to (or prune has to)
      return new StorageException.Rejected(operation, key, backend,
          "no space left on device; free space or prune the repository", e);
    }
    if (e instanceof SymbolicLinkFound || reasonContains(e, "too many levels of symbolic links")
        || reasonContains(e, "symbolic link loop")) {
      // ELOOP: open(2) with O_NOFOLLOW met a link (or a loop of them)
      String link = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : "a path";
      return new StorageException.Rejected(operation, key, backend, link + " is a symbolic link, which a repository "
          + "never holds; replace it with what it points to (only the repository root may be a link)", e);
    }
    if (reasonContains(e, "quota exceeded")) {
      return new StorageException.Rejected(operation, key, backend,
          "disk quota exceeded; raise the quota or prune the repository", e);
    }
    if (reasonContains(e, "name too long")) {
      return new StorageException.Rejected(operation, key, backend, "file name too long for this filesystem", e);
    }
    if (isMissing(e)) {
      return new StorageException.NotFound(operation, key, backend, e);
    }
    for (String text : PERMANENT) {
      if (reasonContains(e, text)) {
        return new StorageException.Rejected(operation, key, backend, "the filesystem refused: " + describe(e), e);
      }
    }
    // EIO (a network or FUSE filesystem's hiccup as often as a failing disk), EAGAIN, EINTR, ESTALE (NFS: a retry looks
    // the path up afresh), ETIMEDOUT, EMFILE, EBUSY: conditions that pass, and nothing was published, so the same
    // call may succeed
    return new StorageException.Transient(operation, key, backend, "I/O error: " + describe(e), e);
  }

  private static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static boolean reasonContains(IOException e, String text) {
    String reason = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
    if (reason == null) {
      reason = e.getMessage();
    }
    return reason != null && reason.toLowerCase(Locale.ROOT).contains(text);
  }

  private static final class SymbolicLinkFound extends FileSystemException {
    SymbolicLinkFound(Path link) {
      super(link.toString(), null, "symbolic link below the repository root");
    }
  }
}
