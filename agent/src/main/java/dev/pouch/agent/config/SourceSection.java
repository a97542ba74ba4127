package dev.pouch.agent.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code source:} what to back up.
 *
 * @param path the data directory (for Wombat, mounted read-only)
 * @param excludeTemp leave out temporary files ({@code *.tmp}, {@code tmp_*}); seed {@code exclude_temp_files},
 *     default true
 * @param excludeWal leave out write-ahead logs ({@code *.wal}, {@code wal_*.log}); seed {@code exclude_wal}, default
 *     false. Without the WAL a Wombat backup loses the writes not yet flushed to an SSTable.
 * @param exclude further glob patterns, matched against relative paths and file names
 * @param host the host name recorded in snapshots; default: this machine's name
 * @param format {@code wombat} (consistent capture of a live Wombat directory), {@code plain} (files as they are) or
 *     {@code auto} (default: wombat when the directory holds Wombat files, decided at each backup)
 */
public record SourceSection(String path, @JsonAlias("exclude_temp_files") Boolean excludeTemp, Boolean excludeWal,
    List<String> exclude, String host, String format) {

  /** The seed's temporary-file convention plus Wombat's own {@code tmp_*} files. */
  public static final List<String> TEMP_PATTERNS = List.of("*.tmp", "tmp_*");
  /** The seed's {@code *.wal} convention plus Wombat's real {@code wal_<n>.log} names. */
  public static final List<String> WAL_PATTERNS = List.of("*.wal", "wal_*.log");

  public SourceSection {
    excludeTemp = excludeTemp == null ? Boolean.TRUE : excludeTemp;
    excludeWal = excludeWal == null ? Boolean.FALSE : excludeWal;
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    format = format == null ? "auto" : format;
  }

  static SourceSection defaults() {
    return new SourceSection(null, null, null, null, null, null);
  }

  /** Every exclude pattern in force: {@link #exclude()} plus the temp and WAL patterns when switched on. */
  public List<String> effectiveExcludes() {
    List<String> all = new ArrayList<>(exclude);
    if (excludeTemp) {
      all.addAll(TEMP_PATTERNS);
    }
    if (excludeWal) {
      all.addAll(WAL_PATTERNS);
    }
    return List.copyOf(all);
  }
}
