package dev.pouch.it.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a directory tree holds, entry by entry: {@code path -> "file <size> <sha256>"}, {@code "dir"} or
 * {@code "link -> target"} (paths relative, with {@code /}). Two trees with equal digests hold the same bytes under
 * the same names.
 */
public record TreeDigest(Map<String, String> entries) {

  public TreeDigest {
    entries = Map.copyOf(entries);
  }

  public static TreeDigest of(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        if (p.equals(root)) {
          continue;
        }
        String name = root.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) {
          entries.put(name, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(name, "dir");
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(name, "file " + Files.size(p) + " " + sha256(p));
        } else {
          entries.put(name, "special");
        }
      }
    }
    return new TreeDigest(entries);
  }

  /** The differences from {@code other}, one line each, for assertion messages; empty when equal. */
  public List<String> differencesFrom(TreeDigest other) {
    List<String> lines = new ArrayList<>();
    Set<String> names = new TreeSet<>(entries.keySet());
    names.addAll(other.entries.keySet());
    for (String name : names) {
      String mine = entries.get(name);
      String theirs = other.entries.get(name);
      if (mine == null || !mine.equals(theirs)) {
        lines.add(name + ": " + theirs + " -> " + mine);
      }
    }
    return lines;
  }

  /** Regular files only, by name. */
  public Set<String> files() {
    Set<String> files = new TreeSet<>();
    entries.forEach((name, what) -> {
      if (what.startsWith("file ")) {
        files.add(name);
      }
    });
    return files;
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
