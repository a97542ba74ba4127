package dev.pouch.agent.maintenance;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import dev.pouch.crypto.IntegrityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides prune's plan from what was loaded; pure, no I/O. Each used chunk gets one home pack: of the stored packs
 * holding it, the one with the largest used fraction (ties by pack id). A pack homing nothing is unused; one whose
 * homed bytes are below the threshold fraction of its chunk bytes is repacked, as is any pack of an old key epoch
 * when old epochs are rewritten; every other pack is kept whole.
 */
final class PrunePlanner {

  private PrunePlanner() {}

  /**
   * @param indexed every pack some index names, with its entries
   * @param stored every pack in {@code data/} with its size
   * @throws IntegrityException if a used chunk is in no stored pack: pruning would then be guesswork
   */
  static PrunePlan plan(Set<ChunkId> used, Map<PackId, PackContents> indexed, Map<PackId, Long> stored,
      double repackThreshold, boolean rewriteOldEpochs, int currentEpoch) throws IntegrityException {
    Map<PackId, Long> usedBytes = new HashMap<>();
    Map<ChunkId, List<PackId>> locations = new HashMap<>();
    for (PackContents pack : indexed.values()) {
      if (!stored.containsKey(pack.id())) {
        continue;
      }
      long bytes = 0;
      for (PackEntry e : pack.entries()) {
        if (used.contains(e.chunk())) {
          bytes += e.storedLength();
          locations.computeIfAbsent(e.chunk(), k -> new ArrayList<>()).add(pack.id());
        }
      }
      usedBytes.put(pack.id(), bytes);
    }
    List<ChunkId> unavailable = used.stream().filter(c -> !locations.containsKey(c)).limit(3).toList();
    if (!unavailable.isEmpty()) {
      long count = used.stream().filter(c -> !locations.containsKey(c)).count();
      throw new IntegrityException(count + " chunk(s) that snapshots use are in no stored pack (e.g. "
          + unavailable.get(0) + "); nothing was deleted. Run 'pouch verify'; if index objects were lost, "
          + "'pouch repair index' rebuilds them from the packs");
    }

    Comparator<PackId> preference = Comparator.comparingDouble((PackId p) -> -fraction(usedBytes.get(p),
        indexed.get(p))).thenComparing(p -> p);
    Map<PackId, Set<ChunkId>> homed = new HashMap<>();
    locations.forEach((chunk, packs) -> homed.computeIfAbsent(packs.stream().min(preference).orElseThrow(),
        k -> new HashSet<>()).add(chunk));

    List<PackContents> keep = new ArrayList<>();
    List<PrunePlan.Repack> repack = new ArrayList<>();
    List<PackContents> unused = new ArrayList<>();
    List<PackId> missing = new ArrayList<>();
    for (PackContents pack : new TreeMap<>(indexed).values()) {
      if (!stored.containsKey(pack.id())) {
        missing.add(pack.id());
        continue;
      }
      Set<ChunkId> mine = homed.getOrDefault(pack.id(), Set.of());
      List<PackEntry> move = new ArrayList<>();
      Set<ChunkId> seen = new HashSet<>();
      long homedBytes = 0;
      for (PackEntry e : pack.entries()) {
        if (mine.contains(e.chunk()) && seen.add(e.chunk())) {
          move.add(e);
          homedBytes += e.storedLength();
        }
      }
      double fraction = fraction(homedBytes, pack);
      if (move.isEmpty()) {
        unused.add(pack);
      } else if (fraction < repackThreshold) {
        repack.add(new PrunePlan.Repack(pack, move, String.format("%.0f%% used", fraction * 100)));
      } else if (rewriteOldEpochs && pack.epoch() < currentEpoch) {
        repack.add(new PrunePlan.Repack(pack, move, "key epoch " + pack.epoch()));
      } else {
        keep.add(pack);
      }
    }
    List<PackId> unindexed = stored.keySet().stream().filter(p -> !indexed.containsKey(p)).sorted().toList();
    long unindexedBytes = unindexed.stream().mapToLong(stored::get).sum();
    return new PrunePlan(keep, repack, unused, unindexed, missing, unindexedBytes);
  }

  private static double fraction(long used, PackContents pack) {
    long total = pack.dataBytes();
    return total == 0 ? 0 : (double) used / total;
  }
}
