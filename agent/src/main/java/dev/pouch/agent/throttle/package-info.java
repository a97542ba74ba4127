/**
 * Throttle: how a backup stays a good neighbour of the database it reads.
 *
 * <p>Vocabulary. A {@link dev.pouch.agent.throttle.ReadThrottle} is a token bucket over every source byte a backup
 * reads, shared by all reading threads, with a limit that may move. {@link dev.pouch.agent.throttle.SourceReads} says
 * how a backup reads (throttle, {@link dev.pouch.agent.throttle.PageCachePolicy}, adaptive or not); a {@link
 * dev.pouch.agent.throttle.ReadSession} is one backup's reads and ends in a {@link
 * dev.pouch.agent.throttle.ReadReport}. Pressure is what pouch can see of the database's load without its help:
 * the source disk's busy time ({@link dev.pouch.agent.throttle.DiskBusyProbe}) and the WAL's growth ({@link
 * dev.pouch.agent.throttle.WalGrowthProbe}); the {@link dev.pouch.agent.throttle.AdaptiveController} turns pressure
 * into a limit (AIMD, within bounds). {@link dev.pouch.agent.throttle.ProcessPriority} lowers the process's CPU and
 * I/O priority.
 *
 * <p>Invariants: time is injected (a nanosecond clock and a {@code Sleeper}), so limits are tested in simulated time;
 * the adaptive controller is pure; nothing here changes the source; files that change in place (WAL, value logs,
 * MANIFEST) are always read through the page cache.
 */
package dev.pouch.agent.throttle;
