package dev.pouch.wombat.wal;

import java.io.IOException;

/** Receives each record a WAL scan accepts, in file order. */
@FunctionalInterface
public interface WalRecordVisitor {

  /** Called for the accepted record that starts at {@code offset}; padding records are not reported. */
  void record(long offset, WalRecord record) throws IOException;
}
