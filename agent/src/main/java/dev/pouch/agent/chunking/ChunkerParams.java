package dev.pouch.agent.chunking;

/**
 * FastCDC parameters. The gear table is derived from {@code gearSeed}, which is per repository so that chunk
 * boundaries do not reveal content to someone who knows the default table.
 */
public record ChunkerParams(int minSizeBytes, int avgSizeBytes, int maxSizeBytes, long gearSeed) {

  public static final int DEFAULT_MIN = 512 * 1024;
  public static final int DEFAULT_AVG = 1024 * 1024;
  public static final int DEFAULT_MAX = 8 * 1024 * 1024;

  public ChunkerParams {
    if (minSizeBytes < 64 || avgSizeBytes <= minSizeBytes || maxSizeBytes <= avgSizeBytes) {
      throw new IllegalArgumentException("chunker sizes must satisfy 64 <= min < avg < max, got "
          + minSizeBytes + "/" + avgSizeBytes + "/" + maxSizeBytes);
    }
    if (Integer.bitCount(avgSizeBytes) != 1) {
      throw new IllegalArgumentException("average chunk size must be a power of two, got " + avgSizeBytes);
    }
    if (maxSizeBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException("maximum chunk size is 64 MiB, got " + maxSizeBytes);
    }
  }

  public static ChunkerParams defaults(long gearSeed) {
    return new ChunkerParams(DEFAULT_MIN, DEFAULT_AVG, DEFAULT_MAX, gearSeed);
  }
}
