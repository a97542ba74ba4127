package dev.pouch.storage.local;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.Capabilities;
import dev.pouch.storage.FileRangeInputStream;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
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
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
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
 * them never loses its directory. Symbolic links below the root are never followed: an operation that meets one is
 * {@link StorageException.Rejected} (see the package documentation); the root itself may be one.
 */
public final class LocalStorageBackend implements StorageBackend {

  private static final Capabilities CAPABILITIES = new Capabilities(true, true, false, false);
  private static final String NFS_PREFIX = ".nfs";

  private final LocalRoot root;
  private final BlobFileWriter writer;
  private final boolean fsync;
  private final Clock clock;
  private final String name;

  private LocalStorageBackend(LocalBackendConfig config, Clock clock) {
    this.root = new LocalRoot(config.root());
    this.writer = new BlobFileWriter(root, config.fsync());
    this.fsync = config.fsync();
    this.clock = clock;
    this.name = root.backend();
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
    writer.write(key, content, mode);
  }

  @Override
  public InputStream open(BlobKey key, ByteRange range) throws StorageException {
    if (isReserved(key)) {
      root.requireExists("open", key);
      throw new StorageException.NotFound("open", key, name, null);
    }
    Path path = root.resolve(key);
    FileChannel channel = null;
    try {
      BasicFileAttributes attributes = attributesRefusingLinks(path);
      if (!attributes.isRegularFile()) {
        throw new StorageException.NotFound("open", key, name, null);
      }
      // O_NOFOLLOW: a link swapped in since the check fails (ELOOP) instead of being followed
      channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      long size = channel.size();
      long offset = Math.min(range.offset(), size);
      return FileRangeInputStream.owning(channel, offset, Math.min(range.length(), size - offset));
    } catch (StorageException e) {
      closeAfterFailure(channel, e);
      throw e;
    } catch (IOException e) {
      StorageException failure = LocalErrors.isMissing(e)
          ? root.missing("open", key, e)
          : LocalErrors.translate("open", key, name, e);
      closeAfterFailure(channel, failure);
      throw failure;
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobKey key) throws StorageException {
    if (isReserved(key)) {
      root.requireExists("stat", key);
      return Optional.empty();
    }
    try {
      BasicFileAttributes attributes = attributesRefusingLinks(root.resolve(key));
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
    } catch (IOException e) {
      if (LocalErrors.isMissing(e)) {
        root.requireExists("stat", key);
        return Optional.empty();
      }
      throw LocalErrors.translate("stat", key, name, e);
    }
  }

  @Override
  public Stream<BlobInfo> list(String prefix) throws StorageException {
    root.requireExists("list", null);
    int slash = prefix.lastIndexOf('/');
    String directoryKey = slash < 0 ? "" : prefix.substring(0, slash);
    String namePrefix = prefix.substring(slash + 1);
    if (slash >= 0 && (!BlobKey.isValid(directoryKey) || isReserved(BlobKey.of(directoryKey)))) {
      // every key starting with "<d>/" has the whole segments of d, so d must be a key itself for any to exist;
      // this also keeps "/", "../" and the like from ever reaching the filesystem
      return Stream.empty();
    }
    Path directory = directoryKey.isEmpty() ? root.directory() : root.resolve(BlobKey.of(directoryKey));
    try {
      root.refuseLinks(directory);
    } catch (IOException e) {
      throw LocalErrors.translate("list", null, name, e);
    }
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
      root.requireExists("delete", key);
      return; // a reserved name is never a blob; it may be another writer's temporary
    }
    Path path = root.resolve(key);
    try {
      BasicFileAttributes attributes = attributesRefusingLinks(path);
      if (attributes.isDirectory()) {
        return; // a directory of other keys, not a blob
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      if (LocalErrors.isMissing(e)) {
        root.requireExists("delete", key);
        return;
      }
      throw LocalErrors.translate("delete", key, name, e);
    }
    if (fsync) {
      try {
        BlobFileWriter.syncDirectory(path.getParent());
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
    root.requireExists("clean", null);
    Instant cutoff = clock.instant().minus(minimumAge);
    int[] removed = {0};
    try {
      Files.walkFileTree(root.directory(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          if (file.getFileName().toString().startsWith(BlobFileWriter.TEMPORARY_PREFIX)
              && attributes.isRegularFile()
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
    return BlobKey.isValid(name) && !name.startsWith(BlobFileWriter.TEMPORARY_PREFIX)
        && !name.startsWith(NFS_PREFIX);
  }

  // ---------------------------------------------------------------- small steps

  private static boolean isReserved(BlobKey key) {
    for (String segment : key.value().split("/")) {
      if (!isKeySegment(segment)) {
        return true;
      }
    }
    return false;
  }

  /** The attributes of {@code path} itself; throws if it or a directory below the root on its way is a link. */
  private BasicFileAttributes attributesRefusingLinks(Path path) throws IOException {
    root.refuseLinks(path.getParent());
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isSymbolicLink()) {
      throw LocalErrors.symbolicLink(path);
    }
    return attributes;
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
