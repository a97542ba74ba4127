package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.WindowedReader;
import dev.pouch.wombat.wal.WalRecord;
import java.io.IOException;

/**
 * Wombat's own WAL replay loop ({@code DB.replayWAL}), which is far less strict than a reader's end-of-log rules:
 * it decodes records until one does not fit into the bytes, whatever their meta or lengths, and treats every
 * all-zero header as a real record with an empty key and value. Runs of zero records are reported in bulk.
 */
final class WombatReplayLoop {
  private WombatReplayLoop() {}

  interface Sink {
    /** A decoded record with a non-zero header. */
    void record(WalRecord record) throws IOException;

    /** {@code count} consecutive all-zero records. */
    void zeroRecords(long count) throws IOException;
  }

  static void replay(ByteSource bytes, Sink sink) throws IOException {
    WindowedReader reader = new WindowedReader(bytes);
    long length = bytes.length();
    long at = 0;
    while (at < length) {
      if (at + WalRecord.HEADER_SIZE > length) {
        return;
      }
      if (reader.isZero(at, WalRecord.HEADER_SIZE)) {
        long nonZero = reader.firstNonZero(at, length);
        long runEnd = nonZero < 0 ? length : nonZero;
        long count = (runEnd - at) / WalRecord.HEADER_SIZE;
        sink.zeroRecords(count);
        at += count * WalRecord.HEADER_SIZE;
        continue;
      }
      long keyLength = reader.u32(at);
      long valueLength = reader.u32(at + 4);
      long timestamp = reader.u64(at + 8);
      int meta = reader.u8(at + 16);
      long keyStart = at + WalRecord.HEADER_SIZE;
      if (keyLength > length - keyStart || valueLength > length - keyStart - keyLength) {
        return;
      }
      Bytes key = Bytes.wrap(reader.read(keyStart, (int) keyLength));
      Bytes value = Bytes.wrap(reader.read(keyStart + keyLength, (int) valueLength));
      sink.record(new WalRecord(key, value, timestamp, meta));
      at = keyStart + keyLength + valueLength;
    }
  }
}
