package dev.pouch.agent.snapshot;

import java.time.Duration;

/**
 * What a backup did, recorded in its snapshot (and shown by {@code snapshots}, metrics and drill reports).
 *
 * @param bytesRead bytes actually read from the source (unchanged files are not read)
 * @param bytesAdded plaintext bytes of chunks that were new to the repository
 * @param bytesStored bytes uploaded for those chunks after compression and encryption (packs and index)
 */
public record BackupSummary(
    int filesTotal,
    int filesNew,
    int filesChanged,
    int filesUnchanged,
    long bytesTotal,
    long bytesRead,
    long bytesAdded,
    long bytesStored,
    int chunksNew,
    int packsWritten,
    Duration duration) {}
