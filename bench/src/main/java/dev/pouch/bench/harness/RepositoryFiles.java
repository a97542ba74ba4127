package dev.pouch.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The regular files under a directory with their size and modification time, to tell how many files an operation
 * wrote (new or modified since an earlier listing) and how many bytes the directory holds (sum of file sizes, what
 * {@code du -sb} prints).
 */
public record RepositoryFiles(Map<Path, Stamp> files) {

  /** Size and modification time of one file. */
  public record Stamp(long size, FileTime modified) {}

  public RepositoryFiles {
    files = Map.copyOf(files);
  }

  public static RepositoryFiles of(Path dir) throws IOException {
    Map<Path, Stamp> files = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return new RepositoryFiles(files);
    }
    try (var walk = Files.walk(dir)) {
      walk.forEach(p -> {
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            files.put(dir.relativize(p), new Stamp(a.size(), a.lastModifiedTime()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new RepositoryFiles(files);
  }

  public long bytes() {
    return files.values().stream().mapToLong(Stamp::size).sum();
  }

  /** Files that are new or changed compared to {@code before}. */
  public int writtenSince(RepositoryFiles before) {
    int n = 0;
    for (Map.Entry<Path, Stamp> e : files.entrySet()) {
      if (!e.getValue().equals(before.files.get(e.getKey()))) {
        n++;
      }
    }
    return n;
  }
}
