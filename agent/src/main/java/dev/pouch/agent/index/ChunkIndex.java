package dev.pouch.agent.index;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory map from chunk id to its location, merged from every index file. Thread-safe. When a chunk is stored
 * in more than one pack (two backups racing), the first location loaded wins; either is valid.
 */
public final class ChunkIndex {

  private final Map<ChunkId, ChunkLocation> locations = new ConcurrentHashMap<>();
  private final Set<PackId> packs = ConcurrentHashMap.newKeySet();

  public void add(PackContents pack) {
    for (PackEntry e : pack.entries()) {
      locations.putIfAbsent(e.chunk(), new ChunkLocation(pack.id(), pack.epoch(), e));
    }
    packs.add(pack.id());
  }

  public boolean contains(ChunkId id) {
    return locations.containsKey(id);
  }

  public Optional<ChunkLocation> find(ChunkId id) {
    return Optional.ofNullable(locations.get(id));
  }

  public int size() {
    return locations.size();
  }

  /** Every pack named by some index entry. */
  public Set<PackId> packs() {
    return Set.copyOf(packs);
  }

  /** Every location, as a read-only view (a copy of a large repository's index would double its memory). */
  public Collection<ChunkLocation> locations() {
    return Collections.unmodifiableCollection(locations.values());
  }
}
