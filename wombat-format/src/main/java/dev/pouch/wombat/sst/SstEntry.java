package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.Bytes;

/**
 * One SSTable entry.
 *
 * @param key non-empty key
 * @param value inline value, or a 16-byte value pointer (an SST does not say which)
 * @param timestamp logical timestamp of the version the memtable held
 */
public record SstEntry(Bytes key, Bytes value, long timestamp) {}
