package dev.pouch.agent.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code limits:}.
 *
 * @param maxBackupSize refuse a backup whose source is larger (seed {@code max_backup_size}); no limit if absent
 * @param uploadRate cap on upload bandwidth; unlimited if absent
 * @param downloadRate cap on download bandwidth (restores, drills, verify); unlimited if absent
 * @param threads worker threads; by default a backup uses one fewer than the number of cores (at least 1, so the
 *     database keeps a core), verification and drills the number of cores (at least 2)
 * @param requestsPerHour storage request budget of continuous WAL shipping; a busy database is then shipped in
 *     larger, rarer batches. Unlimited if absent
 * @param readRate cap on reading the source, over all files and threads; unlimited if absent; with {@code adaptive}
 *     the ceiling
 * @param adaptive whether the read rate follows the database's pressure (disk busy time, WAL growth); default false
 * @param priority {@code low} (nice 10, idle I/O class), {@code idle} ({@code SCHED_IDLE}, idle I/O class) or
 *     {@code normal}; default low
 */
public record LimitsSection(ByteSize maxBackupSize, ByteRate uploadRate, ByteRate downloadRate, Integer threads,
    Long requestsPerHour,
    @JsonInclude(JsonInclude.Include.NON_NULL) ByteRate readRate,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean adaptive,
    @JsonInclude(JsonInclude.Include.NON_NULL) String priority) {

  /** Limits without the source-side read options (their defaults apply). */
  public LimitsSection(ByteSize maxBackupSize, ByteRate uploadRate, ByteRate downloadRate, Integer threads,
      Long requestsPerHour) {
    this(maxBackupSize, uploadRate, downloadRate, threads, requestsPerHour, null, null, null);
  }

  static LimitsSection defaults() {
    return new LimitsSection(null, null, null, null, null);
  }
}
