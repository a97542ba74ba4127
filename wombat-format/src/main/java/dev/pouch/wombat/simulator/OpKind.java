package dev.pouch.wombat.simulator;

/** The operation that produced a WAL record. */
public enum OpKind {
  /** {@code DB.set}. */
  PUT,
  /** {@code DB.delete}. */
  DELETE,
  /** One entry of {@code writeBatch}. */
  BATCH,
  /** One write of a committed transaction (timestamp 0). */
  TRANSACTION,
  /** A record Wombat's open copied from an older WAL into the new {@code wal_1}. */
  RECOVERY_COPY
}
