package dev.pouch.wombat.bytes;

/** Little-endian encoding of unsigned integers in byte arrays, the only integer encoding Wombat uses. */
public final class LittleEndian {
  private LittleEndian() {}

  /** The unsigned 32-bit value at {@code off}, widened to a non-negative long. */
  public static long u32(byte[] b, int off) {
    return (b[off] & 0xFFL)
        | (b[off + 1] & 0xFFL) << 8
        | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }

  /** The 64-bit value at {@code off}; callers treat it as unsigned ({@link Long#compareUnsigned}). */
  public static long u64(byte[] b, int off) {
    return u32(b, off) | u32(b, off + 4) << 32;
  }

  /** Writes the low 32 bits of {@code v} at {@code off}. */
  public static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  /** Writes {@code v} at {@code off}. */
  public static void putU64(byte[] b, int off, long v) {
    putU32(b, off, v);
    putU32(b, off + 4, v >>> 32);
  }
}
