package dev.pouch.wombat.simulator;

/**
 * What one {@link WombatSimulator#step()} did.
 *
 * @param step the step number, from 0
 * @param action the operation chosen
 * @param walRecords WAL records written (a batch or transaction writes several; a restart copies many)
 */
public record SimEvent(long step, Action action, int walRecords) {

  /** The operations a step can choose. */
  public enum Action {
    /** {@code DB.set}. */
    PUT,
    /** {@code DB.delete}. */
    DELETE,
    /** {@code writeBatch}. */
    BATCH,
    /** A committed transaction. */
    TRANSACTION,
    /** Start a compaction (running ones advance every step anyway). */
    COMPACTION,
    /** End the lifetime and open again. */
    RESTART,
    /** Drop a temporary file. */
    TEMP_FILE
  }
}
