package dev.pouch.agent.pitr;

import java.time.Instant;
import java.util.List;

/**
 * One poll of the shipper.
 *
 * @param shipped pieces written (empty when nothing new, or when the batch waited for more)
 * @param pendingBytes validated bytes seen but not shipped yet (batching or budget)
 * @param requests storage requests the round made
 * @param notes what the user should know (segments replaced, shrunk, vanished)
 */
public record ShipResult(Instant polledAt, List<PieceKey> shipped, long shippedBytes, long pendingBytes,
    long requests, List<String> notes) {

  public ShipResult {
    shipped = List.copyOf(shipped);
    notes = List.copyOf(notes);
  }
}
