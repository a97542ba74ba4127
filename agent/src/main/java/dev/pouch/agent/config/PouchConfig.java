package dev.pouch.agent.config;

import java.util.List;

/**
 * A whole {@code pouch.yaml}. Absent sections take their defaults; {@link ConfigLoader} produces it, checked.
 *
 * <p>Where the seed's options live: BackupConfig {@code compression} -> {@link #compression()},
 * {@code verify_integrity} -> {@code verify.after_backup}, {@code exclude_wal} -> {@code source.exclude_wal},
 * {@code exclude_temp_files} -> {@code source.exclude_temp}, {@code max_backup_size} -> {@code limits.max_backup_size},
 * {@code retention_days} -> {@code retention.days}; RestoreConfig -> {@link #restore()}.
 */
public record PouchConfig(SourceSection source, RepositorySection repository, List<CopyTarget> copies,
    ScheduleSection schedule, RetentionSection retention, VerifySection verify, LimitsSection limits,
    Compression compression, MonitoringSection monitoring, AlertsSection alerts, RestoreSection restore,
    ShutdownSection shutdown) {

  public PouchConfig {
    source = source == null ? SourceSection.defaults() : source;
    repository = repository == null ? RepositorySection.defaults() : repository;
    copies = copies == null ? List.of() : List.copyOf(copies);
    schedule = schedule == null ? ScheduleSection.defaults() : schedule;
    retention = retention == null ? RetentionSection.defaults() : retention;
    verify = verify == null ? VerifySection.defaults() : verify;
    limits = limits == null ? LimitsSection.defaults() : limits;
    compression = compression == null ? Compression.ZSTD : compression;
    monitoring = monitoring == null ? MonitoringSection.defaults() : monitoring;
    alerts = alerts == null ? AlertsSection.defaults() : alerts;
    restore = restore == null ? RestoreSection.defaults() : restore;
    shutdown = shutdown == null ? ShutdownSection.defaults() : shutdown;
  }
}
