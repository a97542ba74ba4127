package dev.pouch.agent.pitr;

import java.time.Instant;
import java.util.List;

/**
 * What a piece object holds (sealed JSON): the chunks of bytes {@code [from, to)} of one shipped file, the file's
 * head fingerprint (to recognise it after a restart of the shipper), the number of WAL records in the range, and the
 * wall-clock time of the poll that saw those bytes.
 */
public record WalPiece(int version, String kind, String name, long inode, int generation, long from, long to,
    long records, Instant capturedAt, String head, int headBytes, List<String> chunks) {

  public static final int VERSION = 1;

  public WalPiece {
    chunks = List.copyOf(chunks);
  }
}
