package dev.pouch.wombat.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * The seven levels of tables a MANIFEST describes after replay ({@code applyChange}): {@code add_table} appends to
 * {@code levels[table_info.level]}; {@code delete_table} swap-removes the first entry with the same id at {@code
 * table_info.level} (the last entry takes its place, as in Zig's {@code swapRemove}); {@code create_level}, changes
 * without a table and levels of 7 or more are ignored.
 */
public final class ManifestLevels {
  /** Number of levels. */
  public static final int LEVELS = 7;

  private final List<List<TableInfo>> levels;

  private ManifestLevels(List<List<TableInfo>> levels) {
    this.levels = levels;
  }

  /** Replays {@code changes} in order. */
  public static ManifestLevels replay(List<ManifestChange> changes) {
    List<List<TableInfo>> levels = new ArrayList<>();
    for (int i = 0; i < LEVELS; i++) {
      levels.add(new ArrayList<>());
    }
    for (ManifestChange c : changes) {
      if (c.tableInfo().isEmpty()) {
        continue;
      }
      TableInfo t = c.tableInfo().get();
      if (t.level() >= LEVELS) {
        continue;
      }
      List<TableInfo> level = levels.get((int) t.level());
      switch (c.type()) {
        case ADD_TABLE -> level.add(t);
        case DELETE_TABLE -> {
          for (int i = 0; i < level.size(); i++) {
            if (level.get(i).id() == t.id()) {
              level.set(i, level.get(level.size() - 1));
              level.remove(level.size() - 1);
              break;
            }
          }
        }
        case CREATE_LEVEL -> { }
      }
    }
    List<List<TableInfo>> frozen = new ArrayList<>();
    for (List<TableInfo> l : levels) {
      frozen.add(List.copyOf(l));
    }
    return new ManifestLevels(List.copyOf(frozen));
  }

  /** The tables at {@code level} in replay order. */
  public List<TableInfo> level(int level) {
    return levels.get(level);
  }

  /** Every table, level by level. */
  public List<TableInfo> tables() {
    List<TableInfo> out = new ArrayList<>();
    levels.forEach(out::addAll);
    return out;
  }
}
