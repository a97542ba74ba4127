package dev.pouch.agent.snapshot;

import java.time.Duration;

/**
 * What a backup did, recorded in its snapshot (and shown by {@code snapshots}, metrics and drill reports).
 *
 * @param bytesRead bytes actually read from the source (unchanged files are not read)
 * @param bytesAdded plaintext bytes of chunks that were new to the repository
 * @param bytesStored bytes uploaded for those chunks after compression and encryption (packs and index)
 * @param readRateBytesPerSecond source bytes read per second while the backup was reading; null in snapshots
 *     written before pouch recorded it
 * @param throttleLimitBytesPerSecond the read limit in force while reading, averaged over that time (constant for
 *     a fixed limit, moving in adaptive mode); null when reads were not limited
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
    Duration duration,
    Long readRateBytesPerSecond,
    Long throttleLimitBytesPerSecond) {

  /** A summary without read rate and throttle (both null). */
  public BackupSummary(int filesTotal, int filesNew, int filesChanged, int filesUnchanged, long bytesTotal,
      long bytesRead, long bytesAdded, long bytesStored, int chunksNew, int packsWritten, Duration duration) {
    this(filesTotal, filesNew, filesChanged, filesUnchanged, bytesTotal, bytesRead, bytesAdded, bytesStored,
        chunksNew, packsWritten, duration, null, null);
  }
}
