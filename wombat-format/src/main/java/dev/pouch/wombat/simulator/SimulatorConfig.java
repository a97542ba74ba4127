package dev.pouch.wombat.simulator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a {@link WombatSimulator} needs besides its seed and clock. Build with {@link #builder(Path)}; the
 * defaults are Wombat's (64 MiB memtables, 1 GiB value logs, 1 MiB value threshold, 4 KiB blocks, zlib, 5 immutable
 * memtables before a flush). {@link #smallForTests(Path)} shrinks every size so that rotation, doubling, flushes and
 * new value-log files happen within a few hundred operations.
 *
 * @param dir the data directory
 * @param valueDir the value-log directory (may equal {@code dir})
 * @param memTableSize {@code mem_table_size}: initial WAL size and rotation threshold
 * @param valueLogFileSize {@code value_log_file_size}: preallocated size of each value log
 * @param valueThreshold values of at least this many bytes go to the value log
 * @param blockSize SSTable block size
 * @param compression whether zlib is on (SST blocks and value-log values)
 * @param deflateLevel zlib level (Wombat uses 6), or {@link dev.pouch.wombat.vlog.ValueCompression#HUFFMAN_ONLY} for
 *     fast bulk generation
 * @param numMemtables flush once more than this many immutable memtables exist
 * @param bloomExpectedItems SSTable bloom sizing
 * @param naming file names
 * @param recovery what a restart does to the directory
 * @param splitRecordWrites write each WAL record's header before its payload, as a live reader may observe
 * @param recordGroundTruth keep the operation log (memory grows with the data; off for bulk generation)
 * @param crashAfterBytes crash after this many bytes written, or -1 for never
 * @param compactionEntriesPerStep entries a running compaction adds per step (SSTs are built slowly)
 * @param workload what steps do
 */
public record SimulatorConfig(
    Path dir,
    Path valueDir,
    long memTableSize,
    long valueLogFileSize,
    long valueThreshold,
    int blockSize,
    boolean compression,
    int deflateLevel,
    int numMemtables,
    long bloomExpectedItems,
    NamingProfile naming,
    RecoveryEmulation recovery,
    boolean splitRecordWrites,
    boolean recordGroundTruth,
    long crashAfterBytes,
    int compactionEntriesPerStep,
    Workload workload) {

  /** Largest key the simulator generates. */
  static final int MAX_KEY = 64;

  /** Validates sizes so that every record the workload produces fits a WAL after one doubling. */
  public SimulatorConfig {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(valueDir, "valueDir");
    Objects.requireNonNull(naming, "naming");
    Objects.requireNonNull(recovery, "recovery");
    Objects.requireNonNull(workload, "workload");
    if (memTableSize < 1024 || valueLogFileSize < 1024 || valueThreshold < 1 || blockSize < 1 || numMemtables < 1
        || bloomExpectedItems < 1 || compactionEntriesPerStep < 1) {
      throw new IllegalArgumentException("sizes too small");
    }
    if (17L + MAX_KEY + Math.min(valueThreshold - 1, workload.maxValue()) > memTableSize) {
      throw new IllegalArgumentException("an inline record must fit into mem_table_size");
    }
    if (valueThreshold * 2 + 12 > valueLogFileSize) {
      throw new IllegalArgumentException("value_log_file_size must hold two of the largest values");
    }
  }

  /** A builder with Wombat's defaults for {@code dir} (value logs in {@code dir} too). */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Wombat's defaults. */
  public static SimulatorConfig wombatDefaults(Path dir) {
    return builder(dir).build();
  }

  /**
   * Small sizes for fast tests: 64 KiB memtables, 1 MiB value logs, 4 KiB value threshold, 1 KiB blocks, flush
   * after 2 immutable memtables, ground truth on.
   */
  public static SimulatorConfig smallForTests(Path dir) {
    return builder(dir).memTableSize(64 * 1024).valueLogFileSize(1 << 20).valueThreshold(4096).blockSize(1024)
        .numMemtables(2).build();
  }

  /** This configuration with {@code change} applied to a builder initialised from it. */
  public SimulatorConfig with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(dir);
    b.valueDir = valueDir;
    b.memTableSize = memTableSize;
    b.valueLogFileSize = valueLogFileSize;
    b.valueThreshold = valueThreshold;
    b.blockSize = blockSize;
    b.compression = compression;
    b.deflateLevel = deflateLevel;
    b.numMemtables = numMemtables;
    b.bloomExpectedItems = bloomExpectedItems;
    b.naming = naming;
    b.recovery = recovery;
    b.splitRecordWrites = splitRecordWrites;
    b.recordGroundTruth = recordGroundTruth;
    b.crashAfterBytes = crashAfterBytes;
    b.compactionEntriesPerStep = compactionEntriesPerStep;
    b.workload = workload;
    change.accept(b);
    return b.build();
  }

  /** Builds a {@link SimulatorConfig}; every setter returns the builder. */
  public static final class Builder {
    private final Path dir;
    private Path valueDir;
    private long memTableSize = 64L << 20;
    private long valueLogFileSize = 1L << 30;
    private long valueThreshold = 1L << 20;
    private int blockSize = 4096;
    private boolean compression = true;
    private int deflateLevel = 6;
    private int numMemtables = 5;
    private long bloomExpectedItems = 10_000;
    private NamingProfile naming = NamingProfile.NATIVE;
    private RecoveryEmulation recovery = RecoveryEmulation.FAITHFUL;
    private boolean splitRecordWrites = true;
    private boolean recordGroundTruth = true;
    private long crashAfterBytes = -1;
    private int compactionEntriesPerStep = 200;
    private Workload workload = Workload.mixed();

    private Builder(Path dir) {
      this.dir = dir;
      this.valueDir = dir;
    }

    /** Value logs go to {@code dir}. */
    public Builder valueDir(Path dir) {
      this.valueDir = dir;
      return this;
    }

    /** Sets {@code mem_table_size}. */
    public Builder memTableSize(long bytes) {
      this.memTableSize = bytes;
      return this;
    }

    /** Sets {@code value_log_file_size}. */
    public Builder valueLogFileSize(long bytes) {
      this.valueLogFileSize = bytes;
      return this;
    }

    /** Sets {@code value_threshold}. */
    public Builder valueThreshold(long bytes) {
      this.valueThreshold = bytes;
      return this;
    }

    /** Sets {@code block_size}. */
    public Builder blockSize(int bytes) {
      this.blockSize = bytes;
      return this;
    }

    /** Switches zlib on or off. */
    public Builder compression(boolean on) {
      this.compression = on;
      return this;
    }

    /** Sets the zlib level. */
    public Builder deflateLevel(int level) {
      this.deflateLevel = level;
      return this;
    }

    /** Sets {@code num_memtables}. */
    public Builder numMemtables(int count) {
      this.numMemtables = count;
      return this;
    }

    /** Sets {@code bloom_expected_items}. */
    public Builder bloomExpectedItems(long items) {
      this.bloomExpectedItems = items;
      return this;
    }

    /** Sets the naming profile. */
    public Builder naming(NamingProfile profile) {
      this.naming = profile;
      return this;
    }

    /** Sets the recovery emulation. */
    public Builder recovery(RecoveryEmulation emulation) {
      this.recovery = emulation;
      return this;
    }

    /** Whether WAL headers are written before payloads. */
    public Builder splitRecordWrites(boolean split) {
      this.splitRecordWrites = split;
      return this;
    }

    /** Whether to keep the ground-truth log. */
    public Builder recordGroundTruth(boolean record) {
      this.recordGroundTruth = record;
      return this;
    }

    /** Crash after {@code bytes} bytes written (-1: never). */
    public Builder crashAfterBytes(long bytes) {
      this.crashAfterBytes = bytes;
      return this;
    }

    /** Entries a compaction adds per step. */
    public Builder compactionEntriesPerStep(int entries) {
      this.compactionEntriesPerStep = entries;
      return this;
    }

    /** Sets the workload. */
    public Builder workload(Workload w) {
      this.workload = w;
      return this;
    }

    /** The configuration. */
    public SimulatorConfig build() {
      return new SimulatorConfig(dir, valueDir, memTableSize, valueLogFileSize, valueThreshold, blockSize,
          compression, deflateLevel, numMemtables, bloomExpectedItems, naming, recovery, splitRecordWrites,
          recordGroundTruth, crashAfterBytes, compactionEntriesPerStep, workload);
    }
  }
}
