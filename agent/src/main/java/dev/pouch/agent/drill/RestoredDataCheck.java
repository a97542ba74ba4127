package dev.pouch.agent.drill;

import dev.pouch.agent.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A check of a restored directory against the snapshot it came from. Implementations report what they find as a
 * {@link CheckOutcome}; they throw only when they could not check at all (an unreadable scratch directory, say).
 */
public interface RestoredDataCheck {

  /** Short name shown in reports, e.g. {@code files}. */
  String name();

  CheckOutcome check(Snapshot snapshot, Path restored) throws IOException;
}
