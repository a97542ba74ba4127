package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;
import dev.pouch.wombat.compression.ZlibCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed metadata of an SSTable: footer, section layout, main index and block index, with every structural
 * rule up to the block tiling checked. Package-private: shared by the validator and the reader.
 */
final class SstStructure {
  static final int MIN_SIZE = 128;
  private static final int MAX_METADATA = Integer.MAX_VALUE - 64;

  final SstFooter footer;
  final List<MainIndexEntry> mainIndex;
  final List<BlockIndexEntry> blockIndex;
  final List<BlockExtent> blocks;

  private SstStructure(
      SstFooter footer, List<MainIndexEntry> mainIndex, List<BlockIndexEntry> blockIndex, List<BlockExtent> blocks) {
    this.footer = footer;
    this.mainIndex = mainIndex;
    this.blockIndex = blockIndex;
    this.blocks = blocks;
  }

  record MainIndexEntry(Bytes key, long offset, long size) {}

  record BlockIndexEntry(
      Bytes firstKey, Bytes lastKey, long offset, long size, long entryCount, long checksum, int compression,
      long maxTs, long minTs) {}

  /** One block: its stored extent and the main-index keys that name it, in file order. */
  record BlockExtent(long offset, long size, List<Bytes> indexKeys) {}

  /** Either a structure or the first violated rule (with the footer when one was parsed). */
  record Parsed(Optional<SstStructure> structure, Optional<SstProblem> problem, Optional<SstFooter> footer) {}

  static Parsed parse(ByteSource file) throws IOException {
    long size = file.length();
    if (size < MIN_SIZE) {
      return fail(SstCheck.SIZE, "file has " + size + " bytes, fewer than 128", null);
    }
    SstFooter f = SstFooter.parse(file.read(size - SstFooter.SIZE, SstFooter.SIZE), 0);
    if (f.magic() != SstFooter.MAGIC) {
      return fail(SstCheck.MAGIC, "magic 0x" + Long.toHexString(f.magic()), f);
    }
    if (f.version() != SstFooter.VERSION) {
      return fail(SstCheck.VERSION, "version " + f.version(), f);
    }
    if (!f.reservedIsZero()) {
      return fail(SstCheck.RESERVED, "footer bytes 52..63 are not zero", f);
    }
    if (f.compression() > 1) {
      return fail(SstCheck.COMPRESSION, "compression " + f.compression(), f);
    }
    if (f.level() >= SstValidator.MAX_LEVELS) {
      return fail(SstCheck.LEVEL, "level " + f.level(), f);
    }
    long footerStart = size - SstFooter.SIZE;
    long bloom = f.bloomOffset();
    long filter = f.filterIndexOffset();
    long blockIdx = f.blockIndexOffset();
    long index = f.indexOffset();
    if (!(bloom >= 0 && Long.compareUnsigned(bloom, filter) < 0 && Long.compareUnsigned(filter, blockIdx) < 0
        && Long.compareUnsigned(blockIdx, index) < 0 && Long.compareUnsigned(index, footerStart) < 0)) {
      return fail(SstCheck.OFFSET_ORDER, "bloom " + Long.toUnsignedString(bloom) + ", filter "
          + Long.toUnsignedString(filter) + ", block index " + Long.toUnsignedString(blockIdx) + ", index "
          + Long.toUnsignedString(index) + ", footer " + footerStart, f);
    }
    if (footerStart - bloom > MAX_METADATA) {
      return fail(SstCheck.BLOOM_SECTION, "metadata of " + (footerStart - bloom) + " bytes is implausibly large", f);
    }
    byte[] meta = file.read(bloom, (int) (footerStart - bloom));
    int bloomEnd = (int) (filter - bloom);
    int filterEnd = (int) (blockIdx - bloom);
    int blockIdxEnd = (int) (index - bloom);
    int indexEnd = meta.length;

    if (!parseBloom(new Cursor(meta, 0, bloomEnd))) {
      return fail(SstCheck.BLOOM_SECTION, "bloom filter does not fill [" + bloom + ", " + filter + ")", f);
    }
    if (!parseFilterIndex(new Cursor(meta, bloomEnd, filterEnd))) {
      return fail(SstCheck.FILTER_INDEX_SECTION, "filter index does not fill [" + filter + ", " + blockIdx + ")", f);
    }
    List<BlockIndexEntry> blockIndex = parseBlockIndex(new Cursor(meta, filterEnd, blockIdxEnd));
    if (blockIndex == null) {
      return fail(SstCheck.BLOCK_INDEX_SECTION, "block index does not fill [" + blockIdx + ", " + index + ")", f);
    }
    List<MainIndexEntry> mainIndex = parseMainIndex(new Cursor(meta, blockIdxEnd, indexEnd));
    if (mainIndex == null) {
      return fail(SstCheck.MAIN_INDEX_SECTION, "main index does not fill [" + index + ", " + footerStart + ")", f);
    }
    List<BlockExtent> blocks = new ArrayList<>();
    for (MainIndexEntry e : mainIndex) {
      BlockExtent last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
      if (last != null && last.offset == e.offset && last.size == e.size) {
        last.indexKeys.add(e.key);
      } else {
        List<Bytes> keys = new ArrayList<>();
        keys.add(e.key);
        blocks.add(new BlockExtent(e.offset, e.size, keys));
      }
    }
    blocks.sort((a, b) -> Long.compare(a.offset, b.offset));
    long expected = 0;
    for (BlockExtent b : blocks) {
      if (b.offset != expected || b.size == 0) {
        return fail(SstCheck.BLOCK_TILING, "block at " + b.offset + " (" + b.size + " bytes) where " + expected
            + " was expected", f);
      }
      expected += b.size;
    }
    if (expected != bloom) {
      return fail(SstCheck.BLOCK_TILING, "blocks end at " + expected + ", bloom starts at " + bloom, f);
    }
    return new Parsed(Optional.of(new SstStructure(f, mainIndex, blockIndex, blocks)), Optional.empty(),
        Optional.of(f));
  }

  private static Parsed fail(SstCheck check, String detail, SstFooter footer) {
    return new Parsed(Optional.empty(), Optional.of(new SstProblem(check, detail)), Optional.ofNullable(footer));
  }

  private static boolean parseBloom(Cursor c) {
    long bits = c.u64();
    int hashes = c.u8();
    if (c.failed || bits < 1 || hashes < 1 || bits > 8L * Integer.MAX_VALUE) {
      return false;
    }
    c.skip((bits + 7) / 8);
    return c.exhausted();
  }

  private static boolean parseFilterIndex(Cursor c) {
    long partitions = c.u32();
    int hasGlobal = c.u8();
    if (hasGlobal != 0 && !skipFilter(c)) {
      return false;
    }
    for (long i = 0; i < partitions && !c.failed; i++) {
      c.skip(c.u32());
      c.skip(c.u32());
      c.skip(8);
      if (!skipFilter(c)) {
        return false;
      }
    }
    return c.exhausted();
  }

  private static boolean skipFilter(Cursor c) {
    long bits = c.u64();
    c.u8();
    if (c.failed || bits < 0 || bits > 8L * Integer.MAX_VALUE) {
      c.failed = true;
      return false;
    }
    c.skip((bits + 7) / 8);
    return !c.failed;
  }

  private static List<BlockIndexEntry> parseBlockIndex(Cursor c) {
    long count = c.u32();
    List<BlockIndexEntry> out = new ArrayList<>();
    for (long i = 0; i < count && !c.failed; i++) {
      Bytes first = c.bytes(c.u32());
      Bytes last = c.bytes(c.u32());
      long offset = c.u64();
      long size = c.u32();
      long entries = c.u32();
      long checksum = c.u32();
      int compression = c.u8();
      long maxTs = c.u64();
      long minTs = c.u64();
      if (!c.failed) {
        out.add(new BlockIndexEntry(first, last, offset, size, entries, checksum, compression, maxTs, minTs));
      }
    }
    if (c.u8() != 0) {
      long level1 = c.u32();
      for (long i = 0; i < level1 && !c.failed; i++) {
        c.skip(c.u32());
        c.skip(12);
      }
    }
    if (c.u8() != 0) {
      long sparse = c.u32();
      for (long i = 0; i < sparse && !c.failed; i++) {
        c.skip(c.u32());
        c.skip(8);
      }
    }
    return c.exhausted() ? out : null;
  }

  private static List<MainIndexEntry> parseMainIndex(Cursor c) {
    long count = c.u32();
    List<MainIndexEntry> out = new ArrayList<>();
    for (long i = 0; i < count && !c.failed; i++) {
      long offset = c.u32();
      long size = c.u32();
      Bytes key = c.bytes(c.u32());
      if (!c.failed) {
        out.add(new MainIndexEntry(key, offset, size));
      }
    }
    return c.exhausted() ? out : null;
  }

  /**
   * The uncompressed entries of a block, or null when a compressed block does not inflate to exactly its {@code
   * raw_len}.
   */
  static byte[] rawBlock(byte[] stored, long compression, ZlibCodec zlib) {
    return compression == 0 ? stored : inflateBlock(stored, stored.length, zlib, null);
  }

  /**
   * Inflates the compressed block in {@code stored[0, storedLength)} ({@code raw_len} u32, then a zlib stream) into
   * the start of {@code buffer}, or of a new array when it is null or too small.
   *
   * @return the array whose first {@code raw_len} bytes are the block's entries, or null when the stream does not
   *     inflate to exactly {@code raw_len}; with a null {@code buffer} the array holds exactly {@code raw_len} bytes
   */
  static byte[] inflateBlock(byte[] stored, int storedLength, ZlibCodec zlib, byte[] buffer) {
    if (storedLength < 4) {
      return null;
    }
    long rawLength = LittleEndian.u32(stored, 0);
    return rawLength > Integer.MAX_VALUE - 16 ? null
        : zlib.inflateExactlyTo(stored, 4, storedLength - 4, (int) rawLength, buffer);
  }

  /** The entries of an uncompressed block, or null when they do not fill it exactly. */
  static List<SstEntry> parseEntries(byte[] raw) {
    List<SstEntry> out = new ArrayList<>();
    Cursor c = new Cursor(raw, 0, raw.length);
    while (!c.failed && c.pos < c.end) {
      long keyLength = c.u32();
      long valueLength = c.u32();
      long ts = c.u64();
      Bytes key = c.bytes(keyLength);
      Bytes value = c.bytes(valueLength);
      if (!c.failed) {
        out.add(new SstEntry(key, value, ts));
      }
    }
    return c.exhausted() ? out : null;
  }

  /** Bounds-checked reads over {@code buf[pos, end)}; any overrun sets {@link #failed} instead of throwing. */
  static final class Cursor {
    final byte[] buf;
    int pos;
    final int end;
    boolean failed;

    Cursor(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    private boolean take(long n) {
      if (failed || n < 0 || n > end - pos) {
        failed = true;
        return false;
      }
      return true;
    }

    int u8() {
      if (!take(1)) {
        return 0;
      }
      return buf[pos++] & 0xFF;
    }

    long u32() {
      if (!take(4)) {
        return 0;
      }
      long v = LittleEndian.u32(buf, pos);
      pos += 4;
      return v;
    }

    long u64() {
      if (!take(8)) {
        return 0;
      }
      long v = LittleEndian.u64(buf, pos);
      pos += 8;
      return v;
    }

    Bytes bytes(long n) {
      if (!take(n)) {
        return Bytes.empty();
      }
      Bytes b = Bytes.of(buf, pos, (int) n);
      pos += (int) n;
      return b;
    }

    void skip(long n) {
      if (take(n)) {
        pos += (int) n;
      }
    }

    boolean exhausted() {
      return !failed && pos == end;
    }
  }
}
