package dev.pouch.agent.config;

/**
 * {@code limits:}.
 *
 * @param maxBackupSize refuse a backup whose source is larger (seed {@code max_backup_size}); no limit if absent
 * @param uploadRate cap on upload bandwidth; unlimited if absent
 * @param downloadRate cap on download bandwidth (restores, drills, verify); unlimited if absent
 * @param threads worker threads; default the number of cores
 */
public record LimitsSection(ByteSize maxBackupSize, ByteRate uploadRate, ByteRate downloadRate, Integer threads) {

  static LimitsSection defaults() {
    return new LimitsSection(null, null, null, null);
  }
}
