package dev.pouch.wombat.simulator;

import dev.pouch.wombat.vlog.ValueCompression;
import java.nio.file.Path;

/**
 * Data shapes for bulk generation ({@link WombatSimulator#generate}), each a {@link SimulatorConfig} tuned so that
 * most bytes land in one kind of file. All compress with Huffman-only zlib (valid zlib like Wombat's level 6, only
 * faster and a little larger) and keep no ground truth.
 */
public enum Mix {
  /**
   * Mostly SSTables: unique keys, 1–4 KiB text values, memtables of up to 8 MiB, flushes after 2 immutable memtables
   * and eager compactions that succeed (unique keys), so each byte is rewritten level after level.
   */
  SST_HEAVY,
  /**
   * Mostly value logs: 64 KiB value threshold, values of 64–128 KiB (four fifths text, stored compressed), value-log
   * files of up to 256 MiB.
   */
  VLOG_HEAVY,
  /** Mostly WALs: memtables of up to 64 MiB, 0.5–2 KiB values, never flushed (WALs live until a restart). */
  WAL_HEAVY,
  /** The mixed workload with small memtables and value logs: every kind of file, for demos. */
  BALANCED;

  /**
   * The configuration for generating about {@code targetBytes} into {@code dir}. File sizes shrink with small
   * targets (never below 64 KiB memtables and 1 MiB value logs) so that every mix shows its shape at any size.
   */
  public SimulatorConfig config(Path dir, long targetBytes) {
    SimulatorConfig.Builder b = SimulatorConfig.builder(dir).deflateLevel(ValueCompression.HUFFMAN_ONLY)
        .recordGroundTruth(false)
        .splitRecordWrites(false).recovery(RecoveryEmulation.SIMPLE);
    switch (this) {
      case SST_HEAVY -> b.memTableSize(clamp(targetBytes / 32, 64L << 10, 8L << 20)).numMemtables(2)
          .valueThreshold(1L << 20)
          .workload(new Workload(1, 0, 0, 0, 0, 0, 0, 1, true, 1024, 4096, 0, 0.2, 0, 0, 0))
          .compactionEntriesPerStep(100_000);
      case VLOG_HEAVY -> b.valueThreshold(64L << 10)
          .valueLogFileSize(clamp(targetBytes / 4, 1L << 20, 256L << 20))
          .workload(new Workload(1, 0, 0, 0, 0, 0, 0, 100_000, false, 64 << 10, 64 << 10, 1.0, 0.2, 0, 0, 0));
      case WAL_HEAVY -> b.memTableSize(clamp(targetBytes / 16, 64L << 10, 64L << 20)).numMemtables(1_000_000)
          .workload(new Workload(9, 1, 0, 0, 0, 0, 0, 1_000_000, false, 512, 2048, 0, 0.2, 0, 0, 0));
      case BALANCED -> b.memTableSize(clamp(targetBytes / 64, 64L << 10, 4L << 20)).valueThreshold(16L << 10)
          .valueLogFileSize(clamp(targetBytes / 8, 1L << 20, 64L << 20))
          .numMemtables(3).workload(Workload.mixed().withValueSizes(0, 4096).withLargeValueFraction(0.02));
    }
    return b.build();
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }

  /** Whether generation runs compactions to completion after every step that can start one. */
  boolean eagerCompaction() {
    return this == SST_HEAVY;
  }
}
