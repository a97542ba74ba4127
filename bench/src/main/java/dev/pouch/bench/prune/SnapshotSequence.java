package dev.pouch.bench.prune;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The chunks of each snapshot of a {@link RepositoryShape}, in order, deterministic for a seed. Chunks are numbered
 * from 0 in the order they first appear; the first snapshot holds chunks {@code 0..chunksPerSnapshot-1} in slot
 * order; each later one replaces {@code newChunksPerSnapshot} distinct slots with the next numbers, a slot in the
 * hot part with probability {@code hotChangeShare}, else a cold one. Both builders (pouch and restic) consume the
 * same sequence, so both repositories hold the same data.
 */
public final class SnapshotSequence {

  private final RepositoryShape shape;
  private final SplittableRandom random;
  private final int[] slots;
  private int nextChunk;
  private int produced;

  public SnapshotSequence(RepositoryShape shape, long seed) {
    this.shape = shape;
    this.random = new SplittableRandom(seed);
    this.slots = new int[shape.chunksPerSnapshot()];
  }

  /**
   * Moves to the next snapshot and returns the slots that changed (all of them for the first snapshot), ascending.
   *
   * @throws IllegalStateException past the shape's snapshot count
   */
  public int[] advance() {
    if (produced == shape.snapshots()) {
      throw new IllegalStateException("the shape has " + shape.snapshots() + " snapshots");
    }
    int[] changed;
    if (produced == 0) {
      changed = new int[slots.length];
      for (int i = 0; i < slots.length; i++) {
        changed[i] = i;
      }
    } else {
      changed = pickSlots();
    }
    for (int slot : changed) {
      slots[slot] = nextChunk++;
    }
    produced++;
    return changed;
  }

  private int[] pickSlots() {
    int hot = shape.hotSlots();
    int cold = slots.length - hot;
    boolean[] taken = new boolean[slots.length];
    int[] picked = new int[shape.newChunksPerSnapshot()];
    int n = 0;
    while (n < picked.length) {
      boolean inHot = cold == 0 || random.nextDouble() < shape.hotChangeShare();
      int slot = inHot ? random.nextInt(hot) : hot + random.nextInt(cold);
      if (!taken[slot]) {
        taken[slot] = true;
        picked[n++] = slot;
      }
    }
    Arrays.sort(picked);
    return picked;
  }

  /** The chunk number each slot holds in the current snapshot (a live view; do not modify). */
  public int[] slots() {
    return slots;
  }

  /** Snapshots produced so far. */
  public int produced() {
    return produced;
  }

  /** Distinct chunks produced so far. */
  public int chunks() {
    return nextChunk;
  }

  /**
   * The payload of chunk {@code number}: {@code payloadBytes} bytes, incompressible, the same for the same number
   * and seed, different for different numbers (the first 4 bytes are the number itself).
   */
  public static byte[] payload(long seed, int number, int payloadBytes) {
    byte[] bytes = new byte[payloadBytes];
    new SplittableRandom(seed * 0x9E3779B97F4A7C15L + number).nextBytes(bytes);
    bytes[0] = (byte) (number >>> 24);
    bytes[1] = (byte) (number >>> 16);
    bytes[2] = (byte) (number >>> 8);
    bytes[3] = (byte) number;
    return bytes;
  }
}
