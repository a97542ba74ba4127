package dev.pouch.wombat.directory;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of a data directory and its value directory, classified.
 *
 * @param files regular files, sorted by path
 * @param vanished files listed but gone (or replaced by a non-regular file) before they could be read: Wombat
 *     deletes and recreates files at any time, so this is normal, not an error
 * @param skipped entries that are not regular files (Wombat creates none)
 */
public record DirectoryClassification(List<WombatFile> files, List<Path> vanished, List<Path> skipped) {

  /** Copies the lists. */
  public DirectoryClassification {
    files = List.copyOf(files);
    vanished = List.copyOf(vanished);
    skipped = List.copyOf(skipped);
  }

  /** The files classified as {@code kind}. */
  public List<WombatFile> ofKind(FileKind kind) {
    return files.stream().filter(f -> f.kind() == kind).toList();
  }
}
