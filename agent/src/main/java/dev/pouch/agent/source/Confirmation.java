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

  /** Some files changed underneath or do not fit together: read {@code again} anew, leave out {@code drop}. */
  record Recapture(List<SourceEntry> again, List<String> drop, String reason) implements Confirmation {
    public Recapture {
      again = List.copyOf(again);
      drop = List.copyOf(drop);
    }
  }
}
