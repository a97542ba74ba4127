package dev.pouch.wombat.sst;

import dev.pouch.wombat.bytes.ByteSink;
import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndianOutput;
import dev.pouch.wombat.compression.ZlibCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Builds an SSTable byte-for-byte like Wombat's {@code TableBuilder}: each block is written as soon as the next
 * entry would overflow {@code block_size}, so a concurrent reader sees the file grow under its final name; the
 * bloom filter, filter index, block index, main index and footer follow in {@link #finish()}. Only the zlib bytes
 * differ, because Wombat uses Zig's deflate.
 *
 * <p>Not thread-safe. A builder that is abandoned leaves a partial file; Wombat deletes it.
 */
public final class SstWriter {
  static final long BLOCK_MAGIC = 0x424C4F43L;
  private static final int FILTER_PARTITION_ITEMS = 1000;
  private static final int ENTRIES_PER_FILTER_PARTITION = 100;

  private final ByteSink sink;
  private final SstOptions options;
  private final BloomFilter bloom;
  private final BloomFilter globalFilter;
  private final List<FilterPartition> partitions = new ArrayList<>();
  private final List<BlockInfo> blocks = new ArrayList<>();
  private final List<IndexEntry> mainIndex = new ArrayList<>();
  private final LittleEndianOutput blockData = new LittleEndianOutput(8192);
  private final ZlibCodec zlib;

  private long blockOffset;
  private long entriesInBlock;
  private long totalEntries;
  private long blockMinTs = -1L;
  private long blockMaxTs;
  private Bytes blockFirstKey;
  private Bytes blockLastKey;
  private Bytes lastKey;
  private Bytes smallestKey;
  private boolean finished;

  /** A builder writing to {@code sink} from offset 0. */
  public SstWriter(ByteSink sink, SstOptions options) {
    this.sink = sink;
    this.options = options;
    this.bloom = BloomFilter.forExpectedItems(options.bloomExpectedItems(), options.bloomFalsePositive());
    // Wombat's filter index always carries a global filter sized for 10000 items at 1 %, whatever the options say.
    this.globalFilter = BloomFilter.forExpectedItems(10_000, 0.01);
    this.zlib = new ZlibCodec(options.deflateLevel());
  }

  /** Whether {@link #add} would accept {@code key}: non-empty and greater than the previous key. */
  public boolean accepts(Bytes key) {
    return !key.isEmpty() && (lastKey == null || lastKey.compareTo(key) < 0);
  }

  /** Number of entries added. */
  public long entryCount() {
    return totalEntries;
  }

  /** Bytes written to the sink so far (complete blocks). */
  public long bytesWritten() {
    return blockOffset;
  }

  /**
   * Adds an entry.
   *
   * @throws IllegalArgumentException if the key is empty or not greater than the previous one (Wombat's builder
   *     fails with {@code InvalidKeyOrder} and the table is deleted)
   */
  public void add(Bytes key, Bytes value, long timestamp) throws IOException {
    if (finished) {
      throw new IllegalStateException("table already finished");
    }
    if (!accepts(key)) {
      throw new IllegalArgumentException("key is empty or out of order");
    }
    long entrySize = 16L + key.length() + value.length();
    if (blockData.size() + entrySize > options.blockSize() && entriesInBlock > 0) {
      finishBlock();
    }
    if (Long.compareUnsigned(timestamp, blockMinTs) < 0) {
      blockMinTs = timestamp;
    }
    if (Long.compareUnsigned(timestamp, blockMaxTs) > 0) {
      blockMaxTs = timestamp;
    }
    blockData.u32(key.length()).u32(value.length()).u64(timestamp).bytes(key).bytes(value);
    bloom.add(key);
    addToFilterIndex(key, totalEntries / ENTRIES_PER_FILTER_PARTITION);
    entriesInBlock++;
    totalEntries++;
    if (blockFirstKey == null) {
      blockFirstKey = key;
    }
    blockLastKey = key;
    lastKey = key;
    if (smallestKey == null) {
      smallestKey = key;
    }
  }

  private void addToFilterIndex(Bytes key, long blockEstimate) {
    globalFilter.add(key);
    FilterPartition last = partitions.isEmpty() ? null : partitions.get(partitions.size() - 1);
    if (last != null && last.block == blockEstimate) {
      last.filter.add(key);
      if (key.compareTo(last.startKey) < 0) {
        last.startKey = key;
      }
      if (key.compareTo(last.endKey) > 0) {
        last.endKey = key;
      }
      return;
    }
    FilterPartition partition = new FilterPartition(
        BloomFilter.forExpectedItems(FILTER_PARTITION_ITEMS, 0.01), key, key, blockEstimate);
    partition.filter.add(key);
    partitions.add(partition);
  }

  private void finishBlock() throws IOException {
    byte[] raw = blockData.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(virtualHeader(entriesInBlock, blockMinTs, blockMaxTs));
    crc.update(raw);
    blocks.add(new BlockInfo(blockFirstKey, blockLastKey, blockOffset, 24L + raw.length, entriesInBlock,
        crc.getValue(), blockMaxTs, blockMinTs));
    byte[] stored;
    if (options.zlib()) {
      byte[] z = zlib.deflate(raw, 0, raw.length);
      stored = new LittleEndianOutput(4 + z.length).u32(raw.length).bytes(z).toByteArray();
    } else {
      stored = raw;
    }
    sink.write(blockOffset, stored, 0, stored.length);
    mainIndex.add(new IndexEntry(blockFirstKey, blockOffset, stored.length));
    if (!blockFirstKey.equals(blockLastKey)) {
      mainIndex.add(new IndexEntry(blockLastKey, blockOffset, stored.length));
    }
    blockOffset += stored.length;
    entriesInBlock = 0;
    blockData.clear();
    blockFirstKey = null;
    blockMinTs = -1L;
    blockMaxTs = 0;
  }

  static byte[] virtualHeader(long entryCount, long minTs, long maxTs) {
    return new LittleEndianOutput(24).u32(BLOCK_MAGIC).u32(entryCount).u64(minTs).u64(maxTs).toByteArray();
  }

  /** Writes the remaining block and the metadata sections; returns what the table holds. */
  public SstSummary finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("table already finished");
    }
    if (entriesInBlock > 0) {
      finishBlock();
    }
    finished = true;
    zlib.close();
    long bloomOffset = blockOffset;
    LittleEndianOutput meta = new LittleEndianOutput(bloom.serializedSize() * 2 + 4096);
    bloom.writeTo(meta);
    long filterIndexOffset = bloomOffset + meta.size();
    writeFilterIndex(meta);
    long blockIndexOffset = bloomOffset + meta.size();
    writeBlockIndex(meta);
    long indexOffset = bloomOffset + meta.size();
    meta.u32(mainIndex.size());
    for (IndexEntry e : mainIndex) {
      meta.u32(e.offset).u32(e.size).u32(e.key.length()).bytes(e.key);
    }
    meta.bytes(SstFooter.of(indexOffset, bloomOffset, blockIndexOffset, filterIndexOffset, options.zlib(),
        options.level()).encode());
    sink.write(bloomOffset, meta.array(), 0, meta.size());
    Bytes first = smallestKey == null ? Bytes.empty() : smallestKey;
    Bytes last = lastKey == null ? Bytes.empty() : lastKey;
    return new SstSummary(bloomOffset + meta.size(), blocks.size(), totalEntries, first, last);
  }

  private void writeFilterIndex(LittleEndianOutput out) {
    out.u32(partitions.size()).u8(1);
    globalFilter.writeTo(out);
    for (FilterPartition p : partitions) {
      out.u32(p.startKey.length()).bytes(p.startKey).u32(p.endKey.length()).bytes(p.endKey);
      out.u32(p.block).u32(p.block);
      p.filter.writeTo(out);
    }
  }

  private void writeBlockIndex(LittleEndianOutput out) {
    out.u32(blocks.size());
    for (BlockInfo b : blocks) {
      out.u32(b.firstKey.length()).bytes(b.firstKey).u32(b.lastKey.length()).bytes(b.lastKey);
      out.u64(b.offset).u32(b.size).u32(b.entryCount).u32(b.checksum).u8(options.zlib() ? 1 : 0);
      out.u64(b.maxTs).u64(b.minTs);
    }
    // Wombat's buildMultiLevelIndex(100, 10): a level-1 index over more than 100 blocks, and a sparse index over a
    // level-1 index of more than 10 entries.
    if (blocks.size() <= 100) {
      out.u8(0).u8(0);
      return;
    }
    int step = blocks.size() / 100;
    List<Integer> level1 = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i += step) {
      level1.add(i);
    }
    out.u8(1).u32(level1.size());
    for (int i : level1) {
      BlockInfo b = blocks.get(i);
      out.u32(b.firstKey.length()).bytes(b.firstKey).u32(i).u64(b.offset);
    }
    if (level1.size() <= 10) {
      out.u8(0);
      return;
    }
    int sparseStep = level1.size() / 10;
    List<Integer> sparse = new ArrayList<>();
    for (int i = 0; i < level1.size(); i += sparseStep) {
      sparse.add(i);
    }
    out.u8(1).u32(sparse.size());
    for (int i : sparse) {
      Bytes key = blocks.get(level1.get(i)).firstKey;
      out.u32(key.length()).bytes(key).u32(i).u32(Math.min(sparseStep, level1.size() - i));
    }
  }

  private record BlockInfo(
      Bytes firstKey, Bytes lastKey, long offset, long size, long entryCount, long checksum, long maxTs, long minTs) {}

  private record IndexEntry(Bytes key, long offset, long size) {}

  private static final class FilterPartition {
    final BloomFilter filter;
    Bytes startKey;
    Bytes endKey;
    final long block;

    FilterPartition(BloomFilter filter, Bytes startKey, Bytes endKey, long block) {
      this.filter = filter;
      this.startKey = startKey;
      this.endKey = endKey;
      this.block = block;
    }
  }
}
