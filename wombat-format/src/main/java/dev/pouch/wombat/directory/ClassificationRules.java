package dev.pouch.wombat.directory;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Glob patterns per kind that suggest a file's kind from its name ({@link java.nio.file.FileSystem#getPathMatcher}
 * glob syntax, matched against the file name only). When several kinds match, the first in the order MANIFEST,
 * TEMP, CONFIG, SST, WAL, VLOG wins. Immutable and thread-safe.
 *
 * @param globs patterns by kind; OTHER has none
 */
public record ClassificationRules(Map<FileKind, List<String>> globs) {
  private static final List<FileKind> PRIORITY = List.of(FileKind.MANIFEST, FileKind.TEMP, FileKind.CONFIG,
      FileKind.SST, FileKind.WAL, FileKind.VLOG);

  /** Copies the map. */
  public ClassificationRules {
    Map<FileKind, List<String>> copy = new EnumMap<>(FileKind.class);
    globs.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    globs = Map.copyOf(copy);
  }

  /**
   * The defaults of §1: {@code MANIFEST}; {@code wal_*.log}, {@code *.wal}; {@code *.sst}; {@code vlog_*.dat},
   * {@code *.vlog}; {@code config*}; temporaries {@code tmp_*}, {@code *.tmp}.
   */
  public static ClassificationRules defaults() {
    return new ClassificationRules(Map.of(
        FileKind.MANIFEST, List.of("MANIFEST"),
        FileKind.WAL, List.of("wal_*.log", "*.wal"),
        FileKind.SST, List.of("*.sst"),
        FileKind.VLOG, List.of("vlog_*.dat", "*.vlog"),
        FileKind.CONFIG, List.of("config*"),
        FileKind.TEMP, List.of("tmp_*", "*.tmp")));
  }

  /** These rules with {@code kind}'s patterns replaced. */
  public ClassificationRules withGlobs(FileKind kind, List<String> patterns) {
    Map<FileKind, List<String>> copy = new EnumMap<>(FileKind.class);
    copy.putAll(globs);
    copy.put(kind, patterns);
    return new ClassificationRules(copy);
  }

  /** The kind {@code fileName} suggests, if any pattern matches. */
  public Optional<FileKind> suggest(String fileName) {
    Path name = Path.of(fileName);
    for (FileKind kind : PRIORITY) {
      for (String glob : globs.getOrDefault(kind, List.of())) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        if (matcher.matches(name)) {
          return Optional.of(kind);
        }
      }
    }
    return Optional.empty();
  }
}
