/**
 * Impact on the database: a paced Wombat simulator with an fsync per write stands for the database; pouch backs up
 * a 1 GiB store beside it with each {@link dev.pouch.bench.impact.BackupSetting}, and the write latency percentiles
 * without and with the backup, the backup's duration, read rate, limit, disk busy time and the store's page-cache
 * footprint are reported (bench/README.md).
 */
package dev.pouch.bench.impact;
