package dev.pouch.agent.config;

/**
 * {@code schedule:} when {@code pouch run} works. Each value is a 5-field cron expression, a nickname
 * ({@code @daily}, {@code @weekly}, ...) or {@code @every <duration>}; {@code off} or absent disables it.
 *
 * @param full backups that re-read and re-verify every file (seed: weekly full)
 * @param incremental normal backups that skip files unchanged since the last snapshot (seed: daily incremental)
 * @param continuous WAL shipping cadence, e.g. {@code 5s}, or {@code off}: a duration, not a schedule; the shipper
 *     polls the WAL this often and ships what is new (point-in-time recovery, {@code pouch restore --at})
 * @param cleanup when to forget snapshots by the {@code retention:} rules and then prune unreferenced data
 * @param timeZone the zone cron expressions are read in; default UTC
 */
public record ScheduleSection(String full, String incremental, String continuous, String cleanup, String timeZone) {

  public ScheduleSection {
    full = off(full);
    incremental = off(incremental);
    continuous = off(continuous);
    cleanup = off(cleanup);
    timeZone = timeZone == null ? "UTC" : timeZone;
  }

  static ScheduleSection defaults() {
    return new ScheduleSection(null, null, null, null, null);
  }

  private static String off(String value) {
    return value == null || value.isBlank() || value.trim().equalsIgnoreCase("off")
        || value.trim().equals("false") ? null : value.trim();
  }
}
