package dev.pouch.storage.local;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StorageBackend} on a local or NFS-mounted directory: key {@code a/b/c} is the file {@code root/a/b/c}.
 *
 * <p>A put writes a temporary file {@code .tmp-<random>} in the target's directory, fsyncs it, publishes it under
 * the key and fsyncs the directory. {@link PutMode#CREATE_OR_REPLACE} publishes with {@code rename(2)}
 * ({@link StandardCopyOption#ATOMIC_MOVE}), which replaces the name atomically. {@link PutMode#CREATE_IF_ABSENT}
 * publishes with {@code link(2)} ({@link Files#createLink}), which fails atomically when the name exists, and then
 * removes the temporary name. {@code Files.move} without {@code REPLACE_EXISTING} is not used for it: the JDK checks
 * for the target and then renames, two steps another writer can slip between; and {@code rename(2)} itself always
 * replaces. See the package documentation for what NFS guarantees.
 *
 * <p>Filesystem limits the clouds do not have: a name cannot be both a blob and a directory of other keys, so a put
 * of {@code a/b} while {@code a/b/c} exists (or the reverse) is {@link StorageException.Rejected}; key segments
 * starting with {@code .tmp-} or {@code .nfs} are reserved for temporaries and NFS's own files, and are rejected on
 * put and never listed. Deleting a blob leaves its (possibly empty) directories behind so that a concurrent put into
 * them never loses its directory.
 */
public final class LocalStorageBackend implements StorageBackend {

  private static final Capabilities CAPABILITIES = new Capabilities(true, true, false, false);
  static final String TEMPORARY_PREFIX = ".tmp-";
  private static final String NFS_PREFIX = ".nfs";
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final Path root;
  private final boolean fsync;
  private final Clock clock;
  private final String name;

  private LocalStorageBackend(LocalBackendConfig config, Clock clock) {
    this.root = config.root();
    this.fsync = config.fsync();
    this.clock = clock;
    this.name = root.toString();
  }

  /** A backend on {@code config.root()}; the clock decides the age of temporaries in cleanStaleTemporaries. */
  public static LocalStorageBackend of(LocalBackendConfig config, Clock clock) {
    return new LocalStorageBackend(config, clock);
  }

  /** A backend on {@code config.root()} that ages temporaries by the system clock. */
  public static LocalStorageBackend of(LocalBackendConfig config) {
    return new LocalStorageBackend(config, Clock.systemUTC());
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void put(BlobKey key, BlobContent content, PutMode mode) throws StorageException {
    if (isReserved(key)) {
      throw new StorageException.Rejected("put", key, name,
          "key segments starting with .tmp- or .nfs are reserved on a filesystem", null);
    }
    Path target = pathOf(key);
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

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    if (isReserved(key)) {
      requireRoot("open", key);
      throw new StorageException.NotFound("open", key, name, null);
    }
    Path path = pathOf(key);
    FileChannel channel = null;
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new StorageException.NotFound("open", key, name, null);
      }
      channel = FileChannel.open(path, StandardOpenOption.READ);
      long size = channel.size();
      long offset = Math.min(range.offset(), size);
      return new FileRangeInputStream(channel, offset, Math.min(range.length(), size - offset));
    } catch (StorageException e) {
      closeAfterFailure(channel, e);
      throw e;
    } catch (IOException e) {
      StorageException failure = LocalErrors.isMissing(e)
          ? notFoundOrContainerMissing("open", key, e)
          : LocalErrors.translate("open", key, name, e);
      closeAfterFailure(channel, failure);
      throw failure;
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    if (isReserved(key)) {
      requireRoot("stat", key);
      return Optional.empty();
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(pathOf(key), BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (IOException e) {
      if (LocalErrors.isMissing(e)) {
        requireRoot("stat", key);
        return Optional.empty();
      }
      throw LocalErrors.translate("stat", key, name, e);
    }
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    requireRoot("list", null);
    int slash = prefix.lastIndexOf('/');
    String directoryKey = slash < 0 ? "" : prefix.substring(0, slash);
    String namePrefix = prefix.substring(slash + 1);
    if (slash >= 0 && (!BlobKey.isValid(directoryKey) || isReserved(BlobKey.of(directoryKey)))) {
      // every key starting with "<d>/" has the whole segments of d, so d must be a key itself for any to exist;
      // this also keeps "/", "../" and the like from ever reaching the filesystem
      return Stream.empty();
    }
    Path directory = directoryKey.isEmpty() ? root : root.resolve(directoryKey);
    if (!Files.isDirectory(directory)) {
      return Stream.empty();
    }
    Iterator<BlobInfo> walk;
    try {
      walk = new KeyOrderWalk(directory, directoryKey.isEmpty() ? "" : directoryKey + "/", namePrefix,
          e -> new UncheckedIOException(LocalErrors.translate("list", null, name, e)));
    } catch (UncheckedIOException e) {
      throw (StorageException) e.getCause();
    }
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk,
        Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
  }

  @Override
  public void delete(BlobKey key) throws StorageException {
    if (isReserved(key)) {
      requireRoot("delete", key);
      return; // a reserved name is never a blob; it may be another writer's temporary
    }
    Path path = pathOf(key);
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isDirectory()) {
        return; // a directory of other keys, not a blob
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      if (LocalErrors.isMissing(e)) {
        requireRoot("delete", key);
        return;
      }
      throw LocalErrors.translate("delete", key, name, e);
    }
    if (fsync) {
      try {
        syncDirectory(path.getParent());
      } catch (IOException e) {
        throw new StorageException.OutcomeUnknown("delete", key, name,
            "removed, but syncing the directory failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String describe() {
    return name;
  }

  /**
   * Removes temporaries ({@code .tmp-*}) last modified more than {@code minimumAge} ago: leftovers of puts whose
   * process died between writing and publishing. A put in progress keeps its temporary's modification time fresh as
   * it writes, so an age of an hour or more never removes a live one.
   *
   * @return how many temporaries were removed
   */
  public int cleanStaleTemporaries(Duration minimumAge) throws StorageException {
    if (minimumAge.isNegative()) {
      throw new IllegalArgumentException("negative age: " + minimumAge);
    }
    requireRoot("clean", null);
    Instant cutoff = clock.instant().minus(minimumAge);
    int[] removed = {0};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          if (file.getFileName().toString().startsWith(TEMPORARY_PREFIX) && attributes.isRegularFile()
              && attributes.lastModifiedTime().toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
            removed[0]++;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (LocalErrors.isMissing(e)) {
            return FileVisitResult.CONTINUE; // removed while we walked
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw LocalErrors.translate("clean", null, name, e);
    }
    return removed[0];
  }

  /** Whether {@code name} can be a segment of a key this backend stores (and so appear in a listing). */
  static boolean isKeySegment(String name) {
    return BlobKey.isValid(name) && !name.startsWith(TEMPORARY_PREFIX) && !name.startsWith(NFS_PREFIX);
  }

  // ---------------------------------------------------------------- put steps

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
        throw LocalErrors.isMissing(e) ? notFoundOrContainerMissing("put", key, e)
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
        throw LocalErrors.isMissing(e) ? notFoundOrContainerMissing("put", key, e)
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
    } catch (UnsupportedOperationException e) {
      throw new StorageException.Rejected("put", key, name,
          "the filesystem has no hard links, which create-if-absent needs", e);
    }
    deleteTemporary(temporary, null);
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
    requireRoot("put", key);
    List<Path> missing = new ArrayList<>();
    for (Path p = directory; !p.equals(root) && !Files.isDirectory(p); p = p.getParent()) {
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
          throw nested(key, root.relativize(p) + " is a blob", e);
        }
      } catch (IOException e) {
        if (LocalErrors.isMissing(e)) {
          throw notFoundOrContainerMissing("put", key, e);
        }
        throw LocalErrors.translate("put", key, name, e);
      }
    }
  }

  private StorageException nested(BlobKey key, String what, Throwable cause) {
    return new StorageException.Rejected("put", key, name,
        what + "; a filesystem cannot hold a blob and keys below it under one name", cause);
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  // ---------------------------------------------------------------- small steps

  private Path pathOf(BlobKey key) {
    return root.resolve(key.value()); // BlobKey has no empty, "." or ".." segments: never escapes root
  }

  private static boolean isReserved(BlobKey key) {
    for (String segment : key.value().split("/")) {
      if (!isKeySegment(segment)) {
        return true;
      }
    }
    return false;
  }

  private void requireRoot(String operation, BlobKey key) throws StorageException {
    if (!Files.isDirectory(root)) {
      throw containerMissing(operation, key, null);
    }
  }

  private StorageException containerMissing(String operation, BlobKey key, IOException cause) {
    String reason = Files.exists(root) ? root + " is not a directory" : "directory " + root + " does not exist";
    return new StorageException.ContainerMissing(operation, key, name, reason, cause);
  }

  private StorageException notFoundOrContainerMissing(String operation, BlobKey key, IOException e) {
    return Files.isDirectory(root) ? new StorageException.NotFound(operation, key, name, e)
        : containerMissing(operation, key, e);
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

  private static void closeAfterFailure(FileChannel channel, StorageException failure) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
