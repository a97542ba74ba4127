package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.Bytes;

/**
 * What a finished SSTable holds.
 *
 * @param fileSize total bytes written
 * @param blockCount data blocks
 * @param entryCount entries
 * @param smallestKey first key, empty for a table without entries
 * @param largestKey last key, empty for a table without entries
 */
public record SstSummary(long fileSize, long blockCount, long entryCount, Bytes smallestKey, Bytes largestKey) {}
