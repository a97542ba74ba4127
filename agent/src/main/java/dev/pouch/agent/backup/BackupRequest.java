package dev.pouch.agent.backup;

import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.agent.throttle.SourceReads;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to back up and how.
 *
 * @param parent snapshot reference to compare against; empty picks the latest snapshot of the same host and source
 * @param forceRehash read every file even when size, mtime and inode say it is unchanged
 * @param maxBackupBytes refuse (before writing anything) a source larger than this; empty for no limit
 * @param reads how source files are read: the shared read limit, page-cache policy, adaptive control
 */
public record BackupRequest(
    Path source,
    ExcludeRules excludes,
    List<String> tags,
    String host,
    Optional<String> parent,
    boolean forceRehash,
    int threads,
    Optional<Long> maxBackupBytes,
    SourceReads reads) {

  /** A request whose files are read unthrottled, through the page cache. */
  public BackupRequest(Path source, ExcludeRules excludes, List<String> tags, String host, Optional<String> parent,
      boolean forceRehash, int threads, Optional<Long> maxBackupBytes) {
    this(source, excludes, tags, host, parent, forceRehash, threads, maxBackupBytes, SourceReads.plain());
  }

  public static BackupRequest of(Path source, String host) {
    return new BackupRequest(source, ExcludeRules.none(), List.of(), host, Optional.empty(), false,
        Runtime.getRuntime().availableProcessors(), Optional.empty());
  }

  public BackupRequest withParent(String reference) {
    return new BackupRequest(source, excludes, tags, host, Optional.of(reference), forceRehash, threads,
        maxBackupBytes, reads);
  }

  public BackupRequest withReads(SourceReads how) {
    return new BackupRequest(source, excludes, tags, host, parent, forceRehash, threads, maxBackupBytes, how);
  }
}
