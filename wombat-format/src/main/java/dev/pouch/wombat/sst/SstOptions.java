package dev.pouch.wombat.sst;

/**
 * How an SSTable is built.
 *
 * @param blockSize target size of a block's entries (Wombat's {@code block_size}, 4 KiB by default)
 * @param zlib whether blocks are zlib-compressed (footer compression 1)
 * @param level the level written into the footer: 0 for a flush, input level + 1 for a compaction
 * @param bloomExpectedItems sizing of the main bloom filter ({@code bloom_expected_items}, 10000 by default)
 * @param bloomFalsePositive sizing of the main bloom filter ({@code bloom_false_positive}, 0.01 by default)
 * @param deflateLevel zlib level for blocks (Wombat uses 6; lower is faster and equally valid), or {@link
 *     dev.pouch.wombat.vlog.ValueCompression#HUFFMAN_ONLY}
 */
public record SstOptions(
    int blockSize, boolean zlib, long level, long bloomExpectedItems, double bloomFalsePositive, int deflateLevel) {

  /** Validates ranges. */
  public SstOptions {
    if (blockSize < 1) {
      throw new IllegalArgumentException("block size must be positive: " + blockSize);
    }
    if (level < 0 || level >= SstValidator.MAX_LEVELS) {
      throw new IllegalArgumentException("level outside [0, 7): " + level);
    }
    if (bloomExpectedItems < 1 || !(bloomFalsePositive > 0.0 && bloomFalsePositive < 1.0)) {
      throw new IllegalArgumentException("bloom sizing out of range");
    }
    if (deflateLevel < -2 || deflateLevel > 9) {
      throw new IllegalArgumentException("deflate level outside [-2, 9]: " + deflateLevel);
    }
  }

  /** Wombat's defaults at {@code level}: 4 KiB blocks, zlib, bloom for 10000 items at 1 %. */
  public static SstOptions wombatDefaults(long level) {
    return new SstOptions(4096, true, level, 10_000, 0.01, 6);
  }

  /** These options at another level. */
  public SstOptions atLevel(long newLevel) {
    return new SstOptions(blockSize, zlib, newLevel, bloomExpectedItems, bloomFalsePositive, deflateLevel);
  }
}
