package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.Bytes;
import java.time.Instant;
import java.util.Optional;

/**
 * One WAL record the simulator wrote, with what a reader must make of it.
 *
 * @param sequence position in the log, from 0
 * @param time wall-clock time taken just before the operation wrote its first byte
 * @param kind the operation
 * @param segment the segment the record is in
 * @param recordStart offset of the record
 * @param walEndAfter offset after the record: the segment's end once the record is complete
 * @param key the key
 * @param value the resolved value (dereferenced, uncompressed), or empty for a delete
 * @param timestamp the logical timestamp written
 * @param meta the meta byte written
 */
public record OpRecord(
    long sequence,
    Instant time,
    OpKind kind,
    WalSegmentId segment,
    long recordStart,
    long walEndAfter,
    Bytes key,
    Optional<Bytes> value,
    long timestamp,
    int meta) {

  /** The lifetime the record belongs to. */
  public int lifetime() {
    return segment.lifetime();
  }

  /** Whether the record deletes its key. */
  public boolean isDelete() {
    return value.isEmpty();
  }
}
