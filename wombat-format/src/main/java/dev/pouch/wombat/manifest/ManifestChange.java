package dev.pouch.wombat.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * One MANIFEST line.
 *
 * @param type the change type
 * @param level the change's level (u32); replay uses {@code tableInfo.level} instead
 * @param tableInfo the table, or empty for JSON {@code null}
 * @param timestamp Unix seconds (u64)
 */
public record ManifestChange(ChangeType type, long level, Optional<TableInfo> tableInfo, long timestamp) {

  /** Validates components. */
  public ManifestChange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tableInfo, "tableInfo");
    if (level < 0 || level > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("level outside u32: " + level);
    }
  }

  /** An {@code add_table} change for {@code table}. */
  public static ManifestChange add(TableInfo table, long timestampSeconds) {
    return new ManifestChange(ChangeType.ADD_TABLE, table.level(), Optional.of(table), timestampSeconds);
  }

  /** A {@code delete_table} change for {@code table}. */
  public static ManifestChange delete(TableInfo table, long timestampSeconds) {
    return new ManifestChange(ChangeType.DELETE_TABLE, table.level(), Optional.of(table), timestampSeconds);
  }
}
