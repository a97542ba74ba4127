package dev.pouch.agent.index;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.pack.PackEntry;
import dev.pouch.agent.repository.PackId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The in-memory map from chunk id to its location, merged from every index file. Thread-safe. When a chunk is stored
 * in more than one pack (two backups racing), the first location loaded wins; either is valid.
 *
 * <p>Held in parallel arrays with an open-addressed table of entry numbers: 52 bytes per chunk in the arrays, which
 * grow by half when full, plus 8-16 in the table, which doubles when half full; 60 to ~95 bytes per chunk by where the
 * count falls between those steps, where a map of records took ~150 (node, id, location, entry). The index of a
 * repository of 1 TiB in 1 MiB chunks is 60-95 MiB of heap. {@link #find} builds the location it returns.
 */
public final class ChunkIndex {

  private static final int EMPTY = -1;
  /** The most entries the arrays can address (four id words each in one long[]), ~32 GiB of heap. */
  static final int MAX_ENTRIES = (1 << 29) - 1;

  // Entry i: id words ids[4i .. 4i+3]; its pack packIds[packOf[i]]; its place in that pack.
  private long[] ids = new long[4 * 16];
  private int[] packOf = new int[16];
  private long[] offsets = new long[16];
  private int[] storedLengths = new int[16];
  private int[] rawLengths = new int[16];
  private final BitSet compressed = new BitSet();
  private int size;
  /** Entry numbers by hash of the id, linear probing, at most half full. */
  private int[] table = emptyTable(32);
  private final List<PackId> packIds = new ArrayList<>();
  private final List<Integer> packEpochs = new ArrayList<>();
  private final Map<PackId, Integer> packNumbers = new HashMap<>();

  public synchronized void add(PackContents pack) {
    int p = packNumbers.computeIfAbsent(pack.id(), id -> {
      packIds.add(id);
      packEpochs.add(pack.epoch());
      return packIds.size() - 1;
    });
    for (PackEntry e : pack.entries()) {
      int slot = slotOf(e.chunk());
      if (table[slot] == EMPTY) {
        table[slot] = append(e, p);
        if (2 * size > table.length) {
          rehash(2 * table.length);
        }
      }
    }
  }

  public synchronized boolean contains(ChunkId id) {
    return table[slotOf(id)] != EMPTY;
  }

  public synchronized Optional<ChunkLocation> find(ChunkId id) {
    int i = table[slotOf(id)];
    return i == EMPTY ? Optional.empty() : Optional.of(location(i));
  }

  public synchronized int size() {
    return size;
  }

  /** Every pack named by some index entry. */
  public synchronized Set<PackId> packs() {
    return Set.copyOf(packIds);
  }

  /** Hands every location to {@code each}, in the order they were added; the index holds its lock meanwhile. */
  public synchronized void forEach(Consumer<ChunkLocation> each) {
    for (int i = 0; i < size; i++) {
      each.accept(location(i));
    }
  }

  private ChunkLocation location(int i) {
    int p = packOf[i];
    ChunkId id = new ChunkId(ids[4 * i], ids[4 * i + 1], ids[4 * i + 2], ids[4 * i + 3]);
    return new ChunkLocation(packIds.get(p), packEpochs.get(p),
        new PackEntry(id, offsets[i], storedLengths[i], rawLengths[i], compressed.get(i)));
  }

  /** Where the search for an id whose first word is {@code w0} starts. */
  private int home(long w0) {
    // ids are keyed hashes (HMAC-SHA256), so their first word is already uniformly spread
    return (int) (w0 ^ (w0 >>> 32)) & (table.length - 1);
  }

  /** The slot holding {@code id}, or the empty slot where it would go. */
  private int slotOf(ChunkId id) {
    int mask = table.length - 1;
    for (int slot = home(id.w0()); ; slot = (slot + 1) & mask) {
      int i = table[slot];
      if (i == EMPTY || (ids[4 * i] == id.w0() && ids[4 * i + 1] == id.w1() && ids[4 * i + 2] == id.w2()
          && ids[4 * i + 3] == id.w3())) {
        return slot;
      }
    }
  }

  private int append(PackEntry e, int pack) {
    if (size == packOf.length) {
      if (size >= MAX_ENTRIES) {
        throw new IllegalStateException("the chunk index holds at most " + MAX_ENTRIES + " chunks");
      }
      // 1.5x, not 2x: the arrays are most of the index, and right after growing they are partly empty
      int capacity = (int) Math.min(MAX_ENTRIES, size + (size >> 1));
      ids = Arrays.copyOf(ids, 4 * capacity);
      packOf = Arrays.copyOf(packOf, capacity);
      offsets = Arrays.copyOf(offsets, capacity);
      storedLengths = Arrays.copyOf(storedLengths, capacity);
      rawLengths = Arrays.copyOf(rawLengths, capacity);
    }
    int i = size++;
    ChunkId id = e.chunk();
    ids[4 * i] = id.w0();
    ids[4 * i + 1] = id.w1();
    ids[4 * i + 2] = id.w2();
    ids[4 * i + 3] = id.w3();
    packOf[i] = pack;
    offsets[i] = e.offset();
    storedLengths[i] = e.storedLength();
    rawLengths[i] = e.rawLength();
    compressed.set(i, e.compressed());
    return i;
  }

  private void rehash(int slots) {
    table = emptyTable(slots);
    for (int i = 0; i < size; i++) { // the entries are distinct: each goes to the first empty slot from its home
      int slot = home(ids[4 * i]);
      while (table[slot] != EMPTY) {
        slot = (slot + 1) & (slots - 1);
      }
      table[slot] = i;
    }
  }

  private static int[] emptyTable(int slots) {
    int[] table = new int[slots];
    Arrays.fill(table, EMPTY);
    return table;
  }
}
