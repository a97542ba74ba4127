/**
 * {@code pouch run}: the sidecar loop. {@link Sidecar} owns a {@link dev.pouch.agent.schedule.Scheduler} of jobs
 * (full backup, incremental backup, drill, cleanup), runs what is due, verifies after backups when configured, copies
 * every backup to the {@code copies:} targets and evaluates the 3-2-1 policy (CopyTargets), and keeps the metrics and
 * health checks current. With {@code schedule.continuous} a second thread ships the WAL every cadence
 * (ContinuousShipping) for point-in-time recovery. {@link Sidecar#runDue()} is one step at the injected clock's time,
 * so tests drive days of schedule without sleeping; {@link Sidecar#runUntilStopped} is the production loop.
 *
 * <p>Cleanup (forget by {@code retention:}, then prune) takes exclusive repository locks; WAL shipping rounds take a
 * shared one. The two never overlap: both hold the sidecar's maintenance lock, and after a cleanup the shipper is
 * resumed from the repository, since prune may have removed chunks its in-memory index listed.
 *
 * <p>Stopping: {@link Sidecar#requestStop()} (SIGTERM) lets a running backup finish within the configured grace;
 * after that it is abandoned at its next chunk or file boundary. An abandoned backup writes no snapshot (the
 * snapshot is always written last), so the repository stays consistent; packs it uploaded are unreferenced until
 * prune. A WAL shipping round in progress completes (its pieces are written whole or not at all) and no new one
 * starts; copies of a backup that finished after the stop request wait for the next start.
 */
package dev.pouch.agent.run;
