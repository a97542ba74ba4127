package dev.pouch.it.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Numbered fresh directories under one root (restore targets, generated sources), and deleting them again. */
public final class ScratchDirectories {

  private final Path root;
  private int next;

  public ScratchDirectories(Path root) {
    this.root = root;
  }

  /** A path {@code root/<prefix>-<n>} that does not exist yet (pouch restore creates its target). */
  public synchronized Path next(String prefix) throws IOException {
    Files.createDirectories(root);
    Path p;
    do {
      p = root.resolve(prefix + "-" + next++);
    } while (Files.exists(p, LinkOption.NOFOLLOW_LINKS));
    return p;
  }

  /** Deletes a tree (not following symlinks); absent is fine. Read-only directories are made writable first. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        p.toFile().setWritable(true);
      }
      Files.deleteIfExists(p);
    }
  }
}
