package dev.pouch.agent.throttle;

/** How a backup's reads treat the page cache the database relies on. */
public enum PageCachePolicy {
  /** Ordinary buffered reads: whatever the backup reads enters the cache (and may push the database's pages out). */
  THROUGH_CACHE,
  /**
   * Immutable files (SSTables) are read past the cache ({@code O_DIRECT}) where their pages are not cached already,
   * and through it where they are; everything else as {@link #THROUGH_CACHE}. See {@link CacheSparingInputStream}.
   */
  SPARE_CACHE
}
