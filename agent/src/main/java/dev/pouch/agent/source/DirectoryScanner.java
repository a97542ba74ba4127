package dev.pouch.agent.source;

import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a source directory without following symlinks and lists files, directories and symlinks in path order.
 * Other kinds (devices, sockets, FIFOs) are reported as skipped, not captured.
 */
public final class DirectoryScanner {

  /** The scan's result: what to capture, and what was skipped and why. */
  public record Scan(Path root, List<SourceEntry> entries, List<String> skipped) {}

  public Scan scan(Path root, ExcludeRules excludes) throws IOException {
    Path base = root.toAbsolutePath().normalize();
    if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(base.toString(), null, "the source does not exist");
    }
    if (Files.isSymbolicLink(base)) {
      throw new NotDirectoryException(base + ": the source is a symbolic link; give the directory it points to ("
          + base.toRealPath() + ")");
    }
    if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
      // a file exists there: "no such file or directory" (the CLI's words for NoSuchFileException) would be wrong
      throw new NotDirectoryException(base + ": the source must be a directory (back up the directory that holds it)");
    }
    List<SourceEntry> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.equals(base)) {
          return FileVisitResult.CONTINUE;
        }
        String rel = relative(base, dir);
        if (excludes.excludes(rel)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        String beyond = beyondRestoreLimits(rel);
        if (beyond != null) {
          skipped.add(rel + ": " + beyond + " (with everything below it)");
          return FileVisitResult.SKIP_SUBTREE;
        }
        entries.add(entry(base, dir, rel, EntryType.DIRECTORY, attrs));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String rel = relative(base, file);
        if (excludes.excludes(rel)) {
          return FileVisitResult.CONTINUE;
        }
        String beyond = beyondRestoreLimits(rel);
        if (beyond != null) {
          skipped.add(rel + ": " + beyond);
        } else if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
          try {
            entries.add(entry(base, file, rel, attrs.isRegularFile() ? EntryType.FILE : EntryType.SYMLINK, attrs));
          } catch (NoSuchFileException gone) {
            // Deleted between the listing and the stat (a compacted SST): nothing to capture.
          }
        } else {
          skipped.add(rel + ": not a regular file, directory or symlink");
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A file deleted between listing and stat is normal on a live source; anything else is reported.
        if (!(e instanceof NoSuchFileException)) {
          skipped.add(relative(base, file) + ": " + e.getMessage());
        }
        return FileVisitResult.CONTINUE;
      }
    });
    entries.sort(Comparator.comparing(SourceEntry::path));
    return new Scan(base, entries, skipped);
  }

  /**
   * Why restore would refuse this path (so storing it would make a snapshot that cannot be restored), or null. Paths
   * from a directory walk are relative and have no empty, {@code .} or {@code ..} segments; only length and depth
   * can exceed what restore accepts.
   */
  static String beyondRestoreLimits(String rel) {
    if (rel.length() > FileEntry.MAX_PATH_CHARS) {
      return "path longer than " + FileEntry.MAX_PATH_CHARS + " characters, which restore refuses; not captured";
    }
    if (rel.chars().filter(c -> c == '/').count() + 1 > FileEntry.MAX_DEPTH) {
      return "nests deeper than " + FileEntry.MAX_DEPTH + " levels, which restore refuses; not captured";
    }
    return null;
  }

  static String relative(Path base, Path p) {
    return base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  /** Builds the entry for one path from attributes already read. */
  public static SourceEntry entry(Path base, Path p, String rel, EntryType type, BasicFileAttributes attrs)
      throws IOException {
    Long inode = null;
    Long device = null;
    int mode = type == EntryType.DIRECTORY ? 0755 : 0644;
    try {
      Map<String, Object> unix = Files.readAttributes(p, "unix:ino,dev,mode", LinkOption.NOFOLLOW_LINKS);
      inode = ((Number) unix.get("ino")).longValue();
      device = ((Number) unix.get("dev")).longValue();
      mode = ((Number) unix.get("mode")).intValue() & 07777;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      if (type != EntryType.SYMLINK) {
        mode = posixMode(p, mode);
      }
    }
    String target = type == EntryType.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
    long size = type == EntryType.FILE ? attrs.size() : 0;
    return new SourceEntry(rel, p, type, mode, attrs.lastModifiedTime().toInstant(), size, inode, device, target,
        SourceEntry.Growth.MUTABLE);
  }

  private static int posixMode(Path p, int fallback) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (PosixFilePermission perm : perms) {
        mode |= 1 << (8 - perm.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException e) {
      return fallback;
    }
  }
}
