package dev.pouch.wombat.manifest;

import java.util.Optional;

/** The {@code type} of a MANIFEST change. */
public enum ChangeType {
  /** A table was flushed: appended to its level on replay. */
  ADD_TABLE("add_table"),
  /** A table was removed: the first entry with its id at its level is removed on replay. */
  DELETE_TABLE("delete_table"),
  /** Ignored on replay. */
  CREATE_LEVEL("create_level");

  private final String json;

  ChangeType(String json) {
    this.json = json;
  }

  /** The JSON spelling. */
  public String json() {
    return json;
  }

  /** The type spelled {@code json}, if any. */
  public static Optional<ChangeType> fromJson(String json) {
    for (ChangeType t : values()) {
      if (t.json.equals(json)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
