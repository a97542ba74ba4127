/**
 * Wombat-shaped benchmark data: a generated data directory ({@link dev.pouch.bench.dataset.WombatDataSet}) of
 * SSTables, value logs, WALs, a MANIFEST and a config file, in one of several {@link dev.pouch.bench.dataset.Mix}es,
 * and a simulated {@link dev.pouch.bench.dataset.Compaction}. Content is about 2x compressible with zstd, like the
 * data set behind perf-notes.md; everything is deterministic for a seed, so every tool sees the same bytes.
 */
package dev.pouch.bench.dataset;
