package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;
import dev.pouch.wombat.bytes.LittleEndianOutput;

/**
 * Wombat's bloom filter ({@code lib/wombat/core/bloom.zig}): a bit array of {@code bit_count} bits probed {@code
 * hash_count} times with double hashing over a MurmurHash64A variant. Serialised as {@code [bit_count u64][hash_count
 * u8][ceil(bit_count/8) bytes]}, bit {@code i} at byte {@code i/8}, bit {@code i%8}. Not thread-safe.
 */
public final class BloomFilter {
  private static final long M = 0xc6a4a7935bd1e995L;
  private static final int R = 47;

  private final long bitCount;
  private final int hashCount;
  private final byte[] bits;

  private BloomFilter(long bitCount, int hashCount, byte[] bits) {
    this.bitCount = bitCount;
    this.hashCount = hashCount;
    this.bits = bits;
  }

  /** An empty filter sized like {@code BloomFilter.init(expectedItems, falsePositiveRate)}. */
  public static BloomFilter forExpectedItems(long expectedItems, double falsePositiveRate) {
    double ln2 = Math.log(2.0);
    double m = -1.0 * (double) expectedItems * Math.log(falsePositiveRate) / (ln2 * ln2);
    long bitCount = (long) Math.max(1.0, m);
    double k = (double) bitCount / (double) expectedItems * ln2;
    int hashCount = (int) Math.max(1.0, Math.round(k));
    return new BloomFilter(bitCount, hashCount, new byte[(int) ((bitCount + 7) / 8)]);
  }

  /** A filter with the given parts (as parsed from a file). */
  static BloomFilter of(long bitCount, int hashCount, byte[] bits) {
    return new BloomFilter(bitCount, hashCount, bits);
  }

  /** Number of bits. */
  public long bitCount() {
    return bitCount;
  }

  /** Number of probes per key. */
  public int hashCount() {
    return hashCount;
  }

  /** Adds {@code key}. */
  public void add(Bytes key) {
    byte[] k = key.toByteArray();
    long h1 = hash(k, 0);
    long h2 = hash(k, h1);
    for (int i = 0; i < hashCount; i++) {
      long index = Long.remainderUnsigned(h1 + i * h2, bitCount);
      bits[(int) (index >>> 3)] |= (byte) (1 << (index & 7));
    }
  }

  /** Whether {@code key} may have been added (false means certainly not). */
  public boolean mightContain(Bytes key) {
    byte[] k = key.toByteArray();
    long h1 = hash(k, 0);
    long h2 = hash(k, h1);
    for (int i = 0; i < hashCount; i++) {
      long index = Long.remainderUnsigned(h1 + i * h2, bitCount);
      if ((bits[(int) (index >>> 3)] & (1 << (index & 7))) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Serialised size: 9 + the bit array. */
  public int serializedSize() {
    return 9 + bits.length;
  }

  /** Appends the serialised filter to {@code out}. */
  public void writeTo(LittleEndianOutput out) {
    out.u64(bitCount).u8(hashCount).bytes(bits);
  }

  /** The hash Wombat probes with: MurmurHash64A's mixing with a caller-chosen seed. */
  static long hash(byte[] key, long seed) {
    long h = seed;
    h ^= key.length * M;
    int i = 0;
    for (; i + 8 <= key.length; i += 8) {
      long k = LittleEndian.u64(key, i);
      k *= M;
      k ^= k >>> R;
      k *= M;
      h ^= k;
      h *= M;
    }
    if (key.length > i) {
      long k = 0;
      for (int j = 0; i + j < key.length; j++) {
        k |= (key[i + j] & 0xFFL) << (j * 8);
      }
      h ^= k;
      h *= M;
    }
    h ^= h >>> R;
    h *= M;
    h ^= h >>> R;
    return h;
  }
}
