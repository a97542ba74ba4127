package dev.pouch.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Options the file format knows but this build cannot act on yet. Each is rejected with "not supported yet" at its
 * line, rather than accepted and ignored: an operator who asks for copies or retention must not believe they run.
 * When a feature lands, its entry goes away here and its code reads the option.
 */
final class UnsupportedFields {

  private UnsupportedFields() {}

  /** A path in the file and why it cannot be used now. */
  record Finding(String path, String reason) {}

  static List<Finding> find(PouchConfig c) {
    List<Finding> found = new ArrayList<>();
    if (!c.copies().isEmpty()) {
      found.add(new Finding("copies", "not supported yet: copying snapshots to other repositories is not part of "
          + "this build; remove 'copies' (copy with 'pouch copy' once it exists)"));
    }
    if (c.schedule().continuous() != null) {
      found.add(new Finding("schedule.continuous", "not supported yet: continuous WAL shipping is not part of this "
          + "build; set it to off"));
    }
    if (c.schedule().cleanup() != null) {
      found.add(new Finding("schedule.cleanup", "not supported yet: retention (forget) is not part of this build; "
          + "remove it"));
    }
    if (c.retention().configured()) {
      found.add(new Finding("retention", "not supported yet: retention (forget) is not part of this build; remove "
          + "the retention section (nothing is ever deleted meanwhile)"));
    }
    if (c.restore().pointInTime() != null) {
      found.add(new Finding("restore.point_in_time", "not supported yet: point-in-time recovery is not part of this "
          + "build"));
    }
    return found;
  }
}
