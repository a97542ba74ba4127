package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.LittleEndian;

/**
 * The 64-byte footer that ends every SSTable.
 *
 * @param magic {@code 0xCAFEBABE} (unsigned 32-bit)
 * @param version 2
 * @param indexOffset start of the main index
 * @param bloomOffset start of the bloom filter, which is also the end of the data blocks
 * @param blockIndexOffset start of the block index
 * @param filterIndexOffset start of the filter index
 * @param compression 0 none, 1 zlib
 * @param level 0 for a flush, +1 per compaction
 * @param checksumType written as 1 (CRC-32)
 * @param encryption written as 0
 * @param cachePolicy written as 1 (LRU)
 * @param prefetch written as 1
 * @param reservedIsZero whether bytes 52..63 are all zero
 */
public record SstFooter(
    long magic,
    long version,
    long indexOffset,
    long bloomOffset,
    long blockIndexOffset,
    long filterIndexOffset,
    long compression,
    long level,
    int checksumType,
    int encryption,
    int cachePolicy,
    int prefetch,
    boolean reservedIsZero) {
  /** Footer size. */
  public static final int SIZE = 64;
  /** The magic number. */
  public static final long MAGIC = 0xCAFEBABEL;
  /** The only version Wombat writes and reads. */
  public static final long VERSION = 2;

  /** The footer Wombat writes for the given layout. */
  public static SstFooter of(
      long indexOffset, long bloomOffset, long blockIndexOffset, long filterIndexOffset, boolean zlib, long level) {
    return new SstFooter(MAGIC, VERSION, indexOffset, bloomOffset, blockIndexOffset, filterIndexOffset,
        zlib ? 1 : 0, level, 1, 0, 1, 1, true);
  }

  /** Parses the 64 bytes at {@code off}. */
  public static SstFooter parse(byte[] b, int off) {
    boolean reservedZero = true;
    for (int i = 52; i < SIZE; i++) {
      reservedZero &= b[off + i] == 0;
    }
    return new SstFooter(
        LittleEndian.u32(b, off),
        LittleEndian.u32(b, off + 4),
        LittleEndian.u64(b, off + 8),
        LittleEndian.u64(b, off + 16),
        LittleEndian.u64(b, off + 24),
        LittleEndian.u64(b, off + 32),
        LittleEndian.u32(b, off + 40),
        LittleEndian.u32(b, off + 44),
        b[off + 48] & 0xFF,
        b[off + 49] & 0xFF,
        b[off + 50] & 0xFF,
        b[off + 51] & 0xFF,
        reservedZero);
  }

  /** The 64-byte encoding (reserved bytes zero). */
  public byte[] encode() {
    byte[] b = new byte[SIZE];
    LittleEndian.putU32(b, 0, magic);
    LittleEndian.putU32(b, 4, version);
    LittleEndian.putU64(b, 8, indexOffset);
    LittleEndian.putU64(b, 16, bloomOffset);
    LittleEndian.putU64(b, 24, blockIndexOffset);
    LittleEndian.putU64(b, 32, filterIndexOffset);
    LittleEndian.putU32(b, 40, compression);
    LittleEndian.putU32(b, 44, level);
    b[48] = (byte) checksumType;
    b[49] = (byte) encryption;
    b[50] = (byte) cachePolicy;
    b[51] = (byte) prefetch;
    return b;
  }
}
