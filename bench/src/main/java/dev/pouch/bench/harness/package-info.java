/**
 * The end-to-end harness: pouch against restic and borg on the same generated Wombat-shaped data, same machine, one
 * run. {@link dev.pouch.bench.harness.Harness} is the entry point ({@code bench/run.sh}); each tool is a
 * {@link dev.pouch.bench.harness.BackupTool} that builds {@link dev.pouch.bench.harness.Invocation}s, and
 * {@link dev.pouch.bench.harness.MeasuredProcess} runs them under GNU time. Wall time is measured by the harness;
 * CPU time (user + sys) and peak RSS come from {@code time -v}; bytes stored are the sum of repository file sizes.
 */
package dev.pouch.bench.harness;
