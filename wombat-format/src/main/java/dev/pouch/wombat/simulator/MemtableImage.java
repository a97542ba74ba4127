package dev.pouch.wombat.simulator;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.sst.SstEntry;
import dev.pouch.wombat.wal.WalRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a memtable's skiplist holds, rebuilt from its WAL: a key keeps the first version put unless a later put has
 * a strictly higher timestamp ({@code updateExistingNode}). Zero records put an empty key with an empty value, which
 * makes a flush fail, as it does in Wombat. Rebuilding from the file keeps the simulator's memory small.
 */
final class MemtableImage {
  private final TreeMap<Bytes, WalRecord> entries = new TreeMap<>();

  static MemtableImage read(ByteSource walPrefix) throws IOException {
    MemtableImage image = new MemtableImage();
    WombatReplayLoop.replay(walPrefix, new WombatReplayLoop.Sink() {
      @Override
      public void record(WalRecord record) {
        image.put(record);
      }

      @Override
      public void zeroRecords(long count) {
        if (count > 0) {
          image.put(new WalRecord(Bytes.empty(), Bytes.empty(), 0, 0));
        }
      }
    });
    return image;
  }

  void put(WalRecord record) {
    entries.merge(record.key(), record,
        (current, candidate) -> Long.compareUnsigned(candidate.timestamp(), current.timestamp()) > 0
            ? candidate : current);
  }

  /** The entries a flush writes: live keys in order, deleted ones skipped (as the skiplist iterator does). */
  List<SstEntry> flushEntries() {
    List<SstEntry> out = new ArrayList<>();
    for (Map.Entry<Bytes, WalRecord> e : entries.entrySet()) {
      WalRecord r = e.getValue();
      if (!r.isDeleted()) {
        out.add(new SstEntry(e.getKey(), r.value(), r.timestamp()));
      }
    }
    return out;
  }
}
