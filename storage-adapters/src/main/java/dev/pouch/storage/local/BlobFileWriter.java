package dev.pouch.storage.local;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes one blob the all-or-nothing way: into a temporary file next to its target, fsynced, then published by
 * {@code rename(2)} (create-or-replace) or {@code link(2)} (create-if-absent), then the directory fsynced. See
 * {@link LocalStorageBackend} for why those two calls.
 */
final class BlobFileWriter {

  static final String TEMPORARY_PREFIX = ".tmp-";
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final LocalRoot root;
  private final String name;
  private final boolean fsync;

  BlobFileWriter(LocalRoot root, boolean fsync) {
    this.root = root;
    this.name = root.backend();
    this.fsync = fsync;
  }

  void write(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    Path target = root.resolve(key);
    try {
      root.refuseLinks(target);
    } catch (IOException e) {
      throw LocalErrors.translate("put", key, name, e);
    }
    Path directory = target.getParent();
    Path temporary = writeTemporary(key, directory, content);
    try {
      publish(key, temporary, target, mode);
    } catch (StorageException e) {
      deleteTemporary(temporary, e);
      throw e;
    } catch (RuntimeException | Error e) {
      deleteTemporary(temporary, e);
      throw e;
    }
    if (fsync) {
      try {
        syncDirectory(directory);
      } catch (IOException e) {
        // the blob is visible under its key already, only its durability is in doubt
        throw new StorageException.OutcomeUnknown("put", key, name,
            "published, but syncing the directory failed: " + e.getMessage(), e);
      }
    }
  }

  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private Path writeTemporary(BlobKey key, Path directory, BlobContent content) throws StorageException {
    // a directory emptied and removed by a put of its own name (see publish) can vanish between the two steps
    for (int attempt = 1; ; attempt++) {
      ensureDirectory(key, directory);
      Path temporary = directory.resolve(TEMPORARY_PREFIX
          + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())); // uniqueness only, not secrecy
      FileChannel channel;
      try {
        channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (IOException e) {
        if (LocalErrors.isMissing(e) && attempt < 3) {
          continue;
        }
        throw LocalErrors.isMissing(e) ? root.missing("put", key, e)
            : LocalErrors.translate("put", key, name, e);
      }
      try (channel) {
        copy(key, content, channel);
        if (fsync) {
          channel.force(true);
        }
      } catch (IOException e) {
        StorageException failure = LocalErrors.translate("put", key, name, e);
        deleteTemporary(temporary, failure);
        throw failure;
      } catch (RuntimeException | Error e) {
        deleteTemporary(temporary, e);
        throw e;
      }
      return temporary;
    }
  }

  private void copy(BlobKey key, BlobContent content, FileChannel channel) throws IOException {
    long length = content.length();
    byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(length, 1))];
    long copied = 0;
    try (InputStream in = openContent(key, content)) {
      while (copied < length) {
        int n;
        try {
          n = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
        } catch (IOException e) {
          throw contentFailed(key, e);
        }
        if (n < 0) {
          throw new StorageException.Rejected("put", key, name,
              "content ended after " + copied + " of " + length + " bytes", null);
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        copied += n;
      }
    }
  }

  private InputStream openContent(BlobKey key, BlobContent content) throws StorageException {
    try {
      return content.open();
    } catch (IOException e) {
      throw contentFailed(key, e);
    }
  }

  private StorageException contentFailed(BlobKey key, IOException e) {
    // the caller's source failed, not the disk; nothing was published and a retry reopens the content
    return new StorageException.Transient("put", key, name, "reading the content failed: " + e.getMessage(), e);
  }

  private void publish(BlobKey key, Path temporary, Path target, PutMode mode) throws StorageException {
    for (int attempt = 1; ; attempt++) {
      try {
        if (mode == PutMode.CREATE_OR_REPLACE) {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
          publishIfAbsent(key, temporary, target);
        }
        return;
      } catch (StorageException e) {
        throw e;
      } catch (IOException e) {
        if (attempt == 1 && removeEmptyDirectory(key, target)) {
          continue; // a key was deleted from below this name and left its directory; the name is free
        }
        if (!Files.exists(temporary, LinkOption.NOFOLLOW_LINKS)) {
          // rename consumes the temporary atomically; if it is gone the rename may have happened (an NFS reply
          // lost and the retransmission failed) or the temporary was cleaned away
          throw new StorageException.OutcomeUnknown("put", key, name,
              "publishing failed and its temporary is gone: " + e.getMessage(), e);
        }
        throw LocalErrors.isMissing(e) ? root.missing("put", key, e)
            : LocalErrors.translate("put", key, name, e);
      }
    }
  }

  private void publishIfAbsent(BlobKey key, Path temporary, Path target) throws IOException {
    try {
      Files.createLink(target, temporary);
    } catch (FileAlreadyExistsException e) {
      if (isSameFile(target, temporary)) {
        // NFSv3: our link was made but its reply was lost; the retransmitted request then found the name taken
        deleteTemporary(temporary, null);
        return;
      }
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw e; // publish decides whether the directory can go
      }
      throw new StorageException.AlreadyExists("put", key, name, null);
    } catch (FileSystemException e) {
      // link(2) on vfat and exFAT fails with EPERM, on some FUSE and CIFS mounts with EOPNOTSUPP or ENOSYS
      if (LocalErrors.isNoHardLinks(e)) {
        throw noHardLinks(key, e);
      }
      throw e;
    } catch (UnsupportedOperationException e) {
      throw noHardLinks(key, e);
    }
    deleteTemporary(temporary, null);
  }

  private StorageException noHardLinks(BlobKey key, Exception cause) {
    return new StorageException.Rejected("put", key, name, "the filesystem has no hard links, which create-if-absent "
        + "needs; keep the repository on one that has them (ext4, XFS, Btrfs, ZFS, NFS)", cause);
  }

  /** Removes {@code target} if it is an empty directory; refuses (Rejected) if keys live below it. */
  private boolean removeEmptyDirectory(BlobKey key, Path target) throws StorageException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      Files.delete(target);
      return true;
    } catch (DirectoryNotEmptyException e) {
      throw nested(key, "keys exist below " + key.value(), e);
    } catch (IOException e) {
      return LocalErrors.isMissing(e);
    }
  }

  private void ensureDirectory(BlobKey key, Path directory) throws StorageException {
    if (Files.isDirectory(directory)) {
      return;
    }
    root.requireExists("put", key);
    List<Path> missing = new ArrayList<>();
    for (Path p = directory; !p.equals(root.directory()) && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
        if (fsync) {
          syncDirectory(p.getParent());
        }
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw nested(key, root.directory().relativize(p) + " is a blob", e);
        }
      } catch (IOException e) {
        if (LocalErrors.isMissing(e)) {
          throw root.missing("put", key, e);
        }
        throw LocalErrors.translate("put", key, name, e);
      }
    }
  }

  private StorageException nested(BlobKey key, String what, Throwable cause) {
    return new StorageException.Rejected("put", key, name,
        what + "; a filesystem cannot hold a blob and keys below it under one name", cause);
  }

  private static boolean isSameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTemporary(Path temporary, Throwable failure) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // after a successful publish there is no failure to attach it to; cleanStaleTemporaries removes it later
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
