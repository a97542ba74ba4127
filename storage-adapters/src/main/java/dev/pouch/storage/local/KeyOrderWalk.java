package dev.pouch.storage.local;

import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A depth-first walk that yields the blobs below a directory in key order, reading one directory at a time.
 *
 * <p>Sorting each directory by plain name is not enough: for the keys {@code b/c} and {@code b-d} the key order is
 * {@code b-d}, {@code b/c} ({@code '-' < '/'}), but the names sort {@code b}, {@code b-d}. So a directory sorts as its
 * name followed by {@code /}, which is exactly the prefix every key below it shares.
 */
final class KeyOrderWalk implements Iterator<BlobInfo> {

  /** Turns an I/O error into the unchecked form list streams use. */
  @FunctionalInterface
  interface ErrorTranslation {
    UncheckedIOException translate(IOException e);
  }

  private record Entry(String sortName, String key, Path path, BasicFileAttributes attributes) {}

  private final Deque<Iterator<Entry>> pending = new ArrayDeque<>();
  private final ErrorTranslation errors;
  private BlobInfo next;

  /**
   * @param directory where to start
   * @param keyPrefix the key of {@code directory} followed by {@code /}, or empty for the root
   * @param namePrefix only names in {@code directory} itself (not below) starting with this are visited
   */
  KeyOrderWalk(Path directory, String keyPrefix, String namePrefix, ErrorTranslation errors) {
    this.errors = errors;
    pending.push(entries(directory, keyPrefix, namePrefix).iterator());
  }

  @Override
  public boolean hasNext() {
    while (next == null && !pending.isEmpty()) {
      Iterator<Entry> top = pending.peek();
      if (!top.hasNext()) {
        pending.pop();
        continue;
      }
      Entry entry = top.next();
      if (entry.attributes().isDirectory()) {
        pending.push(entries(entry.path(), entry.key() + "/", "").iterator());
      } else {
        next = new BlobInfo(BlobKey.of(entry.key()), entry.attributes().size(),
            entry.attributes().lastModifiedTime().toInstant());
      }
    }
    return next != null;
  }

  @Override
  public BlobInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BlobInfo result = next;
    next = null;
    return result;
  }

  private List<Entry> entries(Path directory, String keyPrefix, String namePrefix) {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path path : stream) {
        String name = path.getFileName().toString();
        if (!name.startsWith(namePrefix) || !LocalStorageBackend.isKeySegment(name)) {
          continue; // temporaries, lost+found and other names no key can have
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          if (LocalErrors.isMissing(e)) {
            continue; // deleted since the directory was read
          }
          throw e;
        }
        if (attributes.isSymbolicLink()) {
          // never followed (it may leave the root or loop) nor skipped (it may be where the user moved blobs to)
          throw LocalErrors.symbolicLink(path);
        }
        if (attributes.isDirectory()) {
          entries.add(new Entry(name + "/", keyPrefix + name, path, attributes));
        } else if (attributes.isRegularFile()) {
          entries.add(new Entry(name, keyPrefix + name, path, attributes));
        }
      }
    } catch (IOException e) {
      if (LocalErrors.isMissing(e)) {
        return List.of(); // the directory went away with its last blob
      }
      throw errors.translate(e);
    }
    entries.sort(Comparator.comparing(Entry::sortName));
    return entries;
  }
}
