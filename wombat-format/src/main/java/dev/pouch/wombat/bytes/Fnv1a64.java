package dev.pouch.wombat.bytes;

/** FNV-1a with 64-bit state, the value log's record checksum (basis {@code 0xcbf29ce484222325}). */
public final class Fnv1a64 {
  /** The FNV-1a-64 offset basis. */
  public static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  /** The FNV-1a-64 prime. */
  public static final long PRIME = 0x100000001b3L;

  private long state = OFFSET_BASIS;

  /** Hash of {@code data[off..off+len)}. */
  public static long hash(byte[] data, int off, int len) {
    long h = OFFSET_BASIS;
    for (int i = off, end = off + len; i < end; i++) {
      h ^= data[i] & 0xFF;
      h *= PRIME;
    }
    return h;
  }

  /** Hash of the whole array. */
  public static long hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  /** Feeds {@code data[off..off+len)} into an incremental hash. */
  public Fnv1a64 update(byte[] data, int off, int len) {
    long h = state;
    for (int i = off, end = off + len; i < end; i++) {
      h ^= data[i] & 0xFF;
      h *= PRIME;
    }
    state = h;
    return this;
  }

  /** The hash of everything fed so far. */
  public long value() {
    return state;
  }
}
