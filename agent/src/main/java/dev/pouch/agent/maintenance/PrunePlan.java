package dev.pouch.agent.maintenance;

import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import java.util.List;

/**
 * What prune will do to the packs, decided before anything changes.
 *
 * @param keep packs kept as they are; the new index lists them whole
 * @param repack packs whose used chunks move into new packs before the pack is deleted
 * @param unused indexed packs holding no chunk any snapshot uses
 * @param unindexed stored packs no index names (left by interrupted backups or copies)
 * @param missing indexed packs that are not stored; none of their chunks is needed, they are dropped from the index
 */
record PrunePlan(List<PackContents> keep, List<Repack> repack, List<PackContents> unused, List<PackId> unindexed,
    List<PackId> missing, long unindexedBytes) {

  /** A pack to rewrite, the entries to carry over, and why. */
  record Repack(PackContents pack, List<PackEntry> move, String reason) {}

  boolean changesNothing() {
    return repack.isEmpty() && unused.isEmpty() && unindexed.isEmpty() && missing.isEmpty();
  }
}
