package dev.pouch.agent.maintenance;

import java.util.List;

/**
 * What prune did, or with {@code dryRun} would do. Byte figures are stored (compressed, encrypted) bytes.
 *
 * @param staleLocks stale locks removed (or, in a dry run, that would be), described with their reason
 * @param packsUnused packs deleted because no snapshot uses any of their chunks
 * @param packsUnindexed packs deleted because no index names them (left by interrupted backups)
 * @param packsRepacked packs whose used chunks were moved into {@code packsWritten} new packs before deletion
 * @param indexEntriesDropped indexed packs that were already missing and are no longer listed
 * @param retained objects left in place because the storage keeps them under a retention (object lock), and packs
 *     a retained index object names, as {@code <key> (<why>)}; a later prune deletes them once the retention ends
 */
public record PruneReport(
    boolean dryRun,
    List<String> staleLocks,
    int snapshots,
    long chunksUsed,
    int packsBefore,
    long bytesBefore,
    int packsUnused,
    int packsUnindexed,
    int packsRepacked,
    int packsWritten,
    int indexEntriesDropped,
    int indexesDeleted,
    int indexesWritten,
    long bytesDeleted,
    long bytesWritten,
    List<String> retained) {

  public PruneReport {
    staleLocks = List.copyOf(staleLocks);
    retained = List.copyOf(retained);
  }

  /** Packs and bytes left afterwards (expected, for a dry run). */
  public long bytesAfter() {
    return bytesBefore - bytesDeleted + bytesWritten;
  }
}
