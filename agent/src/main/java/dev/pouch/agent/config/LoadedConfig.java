package dev.pouch.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.List;
import java.util.Map;

/**
 * A checked configuration and where its fields are in the file, so that later checks (against the repository, say)
 * can still point at a line.
 */
public final class LoadedConfig {

  private final PouchConfig config;
  private final String file;
  private final Map<String, JsonLocation> locations;

  LoadedConfig(PouchConfig config, String file, Map<String, JsonLocation> locations) {
    this.config = config;
    this.file = file;
    this.locations = Map.copyOf(locations);
  }

  public PouchConfig config() {
    return config;
  }

  /** The file as the user named it. */
  public String file() {
    return file;
  }

  /** An error at a field: {@code FILE:LINE:COL: field 'path': reason}. */
  public ConfigException error(String path, String reason) {
    return new ConfigException(List.of(describe(file, locations, path, reason)));
  }

  static String describe(String file, Map<String, JsonLocation> locations, String path, String reason) {
    JsonLocation at = locate(locations, path);
    String where = at == null ? file + ":1:1" : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
    return where + ": " + (path.isEmpty() ? "" : "field '" + path + "': ") + reason;
  }

  /** The location of a path, or of its nearest ancestor that is in the file. */
  private static JsonLocation locate(Map<String, JsonLocation> locations, String path) {
    String p = path;
    while (true) {
      JsonLocation at = locations.get(p);
      if (at != null || p.isEmpty()) {
        return at;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }
}
