package dev.pouch.agent.drill;

import java.time.Instant;
import java.util.List;

/**
 * What a point-in-time drill recovered, in its {@link DrillRecord}.
 *
 * @param target the time the drill recovered the database to
 * @param random whether that time was picked at random inside the recoverable windows
 * @param baseAt when the base snapshot's capture was confirmed (the record's {@code snapshot} is that snapshot)
 * @param piecesApplied shipped WAL and value-log pieces laid over the base
 * @param newestRecoverable the end of the newest recoverable window when the drill started, from which the RPO counts
 * @param cuts final length of every WAL segment and value log the pieces extended, as {@code name=length}
 */
public record PitrPoint(Instant target, boolean random, Instant baseAt, int piecesApplied,
    Instant newestRecoverable, List<String> cuts) {

  public PitrPoint {
    cuts = cuts == null ? List.of() : List.copyOf(cuts);
  }
}
