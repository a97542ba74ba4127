package dev.pouch.wombat.state;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.vlog.ValueLogSet;
import dev.pouch.wombat.wal.WalRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies WAL records to a key → version map under §5's rules: within a lifetime the highest timestamp (unsigned)
 * wins and on a tie the first record applied wins; a record from a later lifetime always wins over an earlier one.
 * Records of one lifetime must be applied in file order (segments in numeric order, records by offset); lifetimes
 * may be applied in any order. Not thread-safe.
 */
public final class WalReplay {
  private final Map<Bytes, Version> versions = new HashMap<>();
  private long applied;

  /**
   * The version of a key that currently wins.
   *
   * @param lifetime the lifetime of the record
   * @param record the record (a tombstone when deleted)
   */
  public record Version(long lifetime, WalRecord record) {}

  /** Applies {@code record} from {@code lifetime}. */
  public void apply(long lifetime, WalRecord record) {
    applied++;
    versions.merge(record.key(), new Version(lifetime, record), WalReplay::winner);
  }

  private static Version winner(Version current, Version candidate) {
    if (candidate.lifetime != current.lifetime) {
      return candidate.lifetime > current.lifetime ? candidate : current;
    }
    return Long.compareUnsigned(candidate.record.timestamp(), current.record.timestamp()) > 0 ? candidate : current;
  }

  /** Number of records applied. */
  public long appliedRecords() {
    return applied;
  }

  /** The winning version of every key that has one, tombstones included. */
  public Map<Bytes, Version> versions() {
    return Map.copyOf(versions);
  }

  /**
   * The live state: tombstones dropped, pointers dereferenced through {@code valueLogs} and inflated.
   *
   * @throws dev.pouch.wombat.vlog.UnresolvedPointerException if a winning pointer does not resolve
   */
  public KvState state(ValueLogSet valueLogs) throws IOException {
    TreeMap<Bytes, Bytes> live = new TreeMap<>();
    for (Map.Entry<Bytes, Version> e : versions.entrySet()) {
      WalRecord r = e.getValue().record;
      if (r.isDeleted()) {
        continue;
      }
      live.put(e.getKey(), r.isExternal() ? valueLogs.readValue(r.pointer()) : r.value());
    }
    return KvState.of(live);
  }
}
