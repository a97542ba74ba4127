package dev.pouch.bench.dataset;

/**
 * What to generate: about {@code totalBytes} of Wombat-shaped files in the given {@link Mix}, from {@code seed}.
 *
 * @param sstBytes target size of one SSTable (Wombat flushes memtables of 64 MiB; smaller tables give a 10%
 *                 compaction more than one file to rewrite in a 1 GiB data set)
 * @param walBytes size of one preallocated WAL file (Wombat's {@code mem_table_size})
 * @param vlogBytes largest size of one value log file (Wombat's {@code value_log_file_size})
 */
public record DataSetSpec(long totalBytes, Mix mix, long seed, int sstBytes, int walBytes, long vlogBytes) {

  public static final int DEFAULT_SST_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_WAL_BYTES = 64 * 1024 * 1024;
  public static final long DEFAULT_VLOG_BYTES = 1024L * 1024 * 1024;

  public DataSetSpec {
    if (totalBytes <= 0 || sstBytes <= 4096 || walBytes <= 4096 || vlogBytes <= 4096) {
      throw new IllegalArgumentException("data set sizes must be positive and file sizes above 4 KiB");
    }
  }

  /** Wombat's default file sizes (SSTables at 16 MiB). */
  public static DataSetSpec of(long totalBytes, Mix mix, long seed) {
    return new DataSetSpec(totalBytes, mix, seed, DEFAULT_SST_BYTES, DEFAULT_WAL_BYTES, DEFAULT_VLOG_BYTES);
  }
}
