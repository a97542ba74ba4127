package dev.pouch.agent.copy;

import dev.pouch.agent.repository.SnapshotId;
import java.time.Instant;
import java.util.List;

/**
 * What a copy did.
 *
 * @param copied snapshots written to the target, oldest first
 * @param alreadyPresent requested snapshots the target already had (same id in raw mode, same time, host, source
 *     and files when re-encrypting)
 * @param packsCopied packs written to the target (raw mode) or new packs written (re-encrypting)
 * @param packsReused needed packs already stored in the target, e.g. from an interrupted earlier copy
 * @param indexesCopied index objects copied byte for byte
 * @param indexesWritten index objects the target needed that had no source object to copy (partial copies,
 *     re-encryption)
 * @param bytesCopied bytes written to the target
 * @param notes what the operator should know, e.g. that data was re-encrypted
 */
public record CopyResult(CopyMode mode, List<Copied> copied, int alreadyPresent, int packsCopied, int packsReused,
    int indexesCopied, int indexesWritten, long bytesCopied, List<String> notes) {

  public CopyResult {
    copied = List.copyOf(copied);
    notes = List.copyOf(notes);
  }

  /** One snapshot copied: its id in the source and in the target (equal in raw mode). */
  public record Copied(SnapshotId source, SnapshotId target, Instant time, String host) {}
}
