package dev.pouch.agent.restore;

import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every path of a snapshot before anything is written: relative, no empty, {@code .} or {@code ..} segment,
 * no NUL, bounded length and depth, no duplicates, and no entry below a symlink or a file (a symlink entry followed by
 * {@code link/x} would otherwise write through the link).
 */
final class RestorePaths {

  static final int MAX_PATH_CHARS = FileEntry.MAX_PATH_CHARS;
  static final int MAX_DEPTH = FileEntry.MAX_DEPTH;

  private RestorePaths() {}

  static void check(List<FileEntry> entries) throws UnsafeSnapshotException {
    Map<String, EntryType> types = new HashMap<>();
    for (FileEntry e : entries) {
      checkPath(e.path());
      if (types.put(e.path(), e.type()) != null) {
        throw new UnsafeSnapshotException("snapshot lists '" + e.path() + "' twice");
      }
    }
    for (FileEntry e : entries) {
      int slash = e.path().lastIndexOf('/');
      while (slash > 0) {
        String ancestor = e.path().substring(0, slash);
        EntryType type = types.get(ancestor);
        if (type != null && type != EntryType.DIRECTORY) {
          throw new UnsafeSnapshotException("snapshot entry '" + e.path() + "' lies below " + type.name().toLowerCase()
              + " '" + ancestor + "'; refusing to write through it");
        }
        slash = ancestor.lastIndexOf('/');
      }
    }
  }

  static void checkPath(String path) throws UnsafeSnapshotException {
    if (path == null || path.isEmpty()) {
      throw new UnsafeSnapshotException("snapshot holds an entry with an empty path");
    }
    if (path.length() > MAX_PATH_CHARS) {
      throw new UnsafeSnapshotException("snapshot path longer than " + MAX_PATH_CHARS + " characters");
    }
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new UnsafeSnapshotException("snapshot path '" + printable(path) + "' is absolute or contains NUL");
    }
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_DEPTH) {
      throw new UnsafeSnapshotException("snapshot path nests deeper than " + MAX_DEPTH + " levels");
    }
    for (String s : segments) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw new UnsafeSnapshotException("snapshot path '" + printable(path) + "' has an empty, '.' or '..' segment");
      }
    }
  }

  /** Resolves a checked path under the target and proves it stays there. */
  static Path resolve(Path targetReal, String path) throws UnsafeSnapshotException {
    Path resolved = targetReal.resolve(path).normalize();
    if (!resolved.startsWith(targetReal) || resolved.equals(targetReal)) {
      throw new UnsafeSnapshotException("snapshot path '" + printable(path) + "' escapes the restore target");
    }
    return resolved;
  }

  private static String printable(String s) {
    return s.replace("\0", "\\0").replaceAll("\\p{Cntrl}", "?");
  }
}
