package dev.pouch.agent.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The verdict of {@link CaptureStrategy#confirm}. */
public sealed interface Confirmation {

  /** The capture is consistent; {@code proof} is recorded in the snapshot (null for plain directories). */
  record Confirmed(JsonNode proof, List<String> warnings) implements Confirmation {
    public Confirmed {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The source changed in a way no re-read can repair (a captured WAL segment vanished before it could be checked,
   * as when Wombat restarts): the backup stops with {@code reason} and writes no snapshot; the next one captures the
   * new state.
   */
  record Abandon(String reason) implements Confirmation {}

  /** Some files changed underneath or do not fit together: read {@code again} anew, leave out {@code drop}. */
  record Recapture(List<SourceEntry> again, List<String> drop, String reason) implements Confirmation {
    public Recapture {
      again = List.copyOf(again);
      drop = List.copyOf(drop);
    }
  }
}
