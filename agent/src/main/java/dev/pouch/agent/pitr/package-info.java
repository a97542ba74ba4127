/**
 * Continuous backup and point-in-time recovery. The {@link dev.pouch.agent.pitr.WalShipper} ships newly validated
 * WAL bytes (and the value-log bytes they point to) as pieces named by byte range and wall-clock poll time, which is
 * pouch's own time index, since Wombat's record timestamps are logical. A restore to time T starts from the newest
 * Wombat snapshot captured at or before T and lays the pieces polled at or before T over it, cutting every segment
 * at a record boundary.
 */
package dev.pouch.agent.pitr;
