package dev.pouch.wombat.sst;

/** The SSTable validation rules (§2.4), one constant per rule, in the order they are applied. */
public enum SstCheck {
  /** The file has at least 128 bytes. */
  SIZE,
  /** The footer starts with magic {@code 0xCAFEBABE}. */
  MAGIC,
  /** The footer's version is 2. */
  VERSION,
  /** Footer bytes 52..63 are zero. */
  RESERVED,
  /** The footer's compression is 0 or 1. */
  COMPRESSION,
  /** The footer's level is below 7. */
  LEVEL,
  /** {@code 0 <= bloom < filter < block_index < index < size - 64}. */
  OFFSET_ORDER,
  /** The bloom filter parses to exactly {@code [bloom, filter)}. */
  BLOOM_SECTION,
  /** The filter index parses to exactly {@code [filter, block_index)}. */
  FILTER_INDEX_SECTION,
  /** The block index parses to exactly {@code [block_index, index)}. */
  BLOCK_INDEX_SECTION,
  /** The main index parses to exactly {@code [index, size - 64)}. */
  MAIN_INDEX_SECTION,
  /** The distinct main-index (offset, size) pairs tile {@code [0, bloom)}. */
  BLOCK_TILING,
  /** The block index describes the same blocks, keys and counts as the main index and the blocks themselves. */
  INDEX_CONSISTENCY,
  /** Each block inflates to exactly {@code raw_len} bytes (compression 1) and its entries fill it exactly. */
  BLOCK_CONTENT,
  /** Keys are non-empty and strictly increasing, within blocks and across the file. */
  KEY_ORDER,
  /** Each block's CRC-32 over the virtual header and the uncompressed entries matches the block index. */
  BLOCK_CHECKSUM
}
