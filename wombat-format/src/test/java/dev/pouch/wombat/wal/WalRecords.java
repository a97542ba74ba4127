package dev.pouch.wombat.wal;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.MemoryByteSink;
import dev.pouch.wombat.vlog.ValuePointer;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/** Test data: random valid WAL records and segments built from them. */
final class WalRecords {
  private WalRecords() {}

  /** A random record that obeys the end-of-log rules and never has an all-zero header. */
  static WalRecord random(Random random) {
    int kind = random.nextInt(6);
    Bytes key = randomBytes(random, random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(24));
    long ts = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(1_000_000);
    WalRecord record = switch (kind) {
      case 0 -> WalRecord.delete(key, ts);
      case 1 -> new WalRecord(key, Bytes.empty(), ts, WalMeta.DELETED);
      case 2 -> WalRecord.external(key, new ValuePointer(1 + random.nextInt(3), random.nextInt(1 << 20),
          13 + random.nextInt(5000)), ts);
      default -> WalRecord.put(key, randomBytes(random, random.nextInt(48)), ts);
    };
    return record.hasZeroHeader() ? WalRecord.put(key, Bytes.ofUtf8("x"), ts) : record;
  }

  static Bytes randomBytes(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return Bytes.wrap(b);
  }

  /** The records' encodings back to back, without a zero tail. */
  static byte[] concatenated(List<WalRecord> records) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (WalRecord r : records) {
      out.writeBytes(WalRecordCodec.encode(r));
    }
    return out.toByteArray();
  }

  /** A segment of {@code initialSize} bytes holding {@code records} from offset 0. */
  static byte[] segment(List<WalRecord> records, long initialSize) throws IOException {
    MemoryByteSink sink = new MemoryByteSink();
    WalWriter writer = WalWriter.create(sink, initialSize, false);
    for (WalRecord r : records) {
      writer.append(r);
    }
    return sink.toByteArray();
  }
}
