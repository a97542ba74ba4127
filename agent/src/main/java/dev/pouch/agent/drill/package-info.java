/**
 * Disaster-recovery drills: restore a snapshot, or recover the database to a point in time from a base snapshot and
 * the shipped WAL, into a scratch directory, check the result, measure RTO (time until the restored data is known
 * good) and RPO (age of the newest recoverable point), keep a history in the repository ({@code drills/}, one sealed
 * object per drill) and render a JSON and a self-contained HTML report.
 *
 * <p>Checks plug in through {@link RestoredDataCheck}. The restore itself already authenticates every chunk and, for
 * a Wombat snapshot, checks the directory by meaning (restore.RestoredWombatCheck); {@link RestoredFilesCheck} then
 * re-reads every restored byte against the snapshot.
 */
package dev.pouch.agent.drill;
