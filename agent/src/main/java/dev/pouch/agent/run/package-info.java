/**
 * {@code pouch run}: the sidecar loop. {@link Sidecar} owns a {@link dev.pouch.agent.schedule.Scheduler} of jobs
 * (full backup, incremental backup, drill), runs what is due, verifies after backups when configured, and keeps the
 * metrics and health checks current. {@link Sidecar#runDue()} is one step at the injected clock's time, so tests
 * drive days of schedule without sleeping; {@link Sidecar#runUntilStopped} is the production loop.
 *
 * <p>Stopping: {@link Sidecar#requestStop()} (SIGTERM) lets a running backup finish within the configured grace;
 * after that it is abandoned at its next chunk or file boundary. An abandoned backup writes no snapshot (the
 * snapshot is always written last), so the repository stays consistent; packs it uploaded are unreferenced until
 * prune.
 */
package dev.pouch.agent.run;
