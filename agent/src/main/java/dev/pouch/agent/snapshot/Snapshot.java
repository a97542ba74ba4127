package dev.pouch.agent.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot: when, where from, what files with which chunks, and what the backup did.
 *
 * @param parent the snapshot this one was made incrementally against, if any
 * @param wombat Wombat-specific capture proof (MANIFEST closure, WAL cuts, vlog extents), when the source was a
 *     Wombat data directory
 */
public record Snapshot(
    int version,
    Instant time,
    String host,
    String source,
    String parent,
    List<String> tags,
    List<FileEntry> files,
    BackupSummary summary,
    JsonNode wombat) {

  public static final int VERSION = 1;

  public Snapshot {
    tags = tags == null ? List.of() : List.copyOf(tags);
    files = files == null ? List.of() : List.copyOf(files);
  }

  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::size).sum();
  }
}
