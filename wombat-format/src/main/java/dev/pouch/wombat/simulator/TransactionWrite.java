package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.Bytes;
import java.util.Optional;

/**
 * One write of a simulated transaction.
 *
 * @param key the key (may be empty: Wombat's transactions do not check)
 * @param value the value, or empty for a delete
 */
public record TransactionWrite(Bytes key, Optional<Bytes> value) {

  /** A set. */
  public static TransactionWrite set(Bytes key, Bytes value) {
    return new TransactionWrite(key, Optional.of(value));
  }

  /** A delete. */
  public static TransactionWrite delete(Bytes key) {
    return new TransactionWrite(key, Optional.empty());
  }
}
