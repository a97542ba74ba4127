/**
 * Retention: which snapshots to keep. {@link dev.pouch.agent.retention.RetentionPolicy} is pure decision logic with
 * restic's semantics (checked against restic 0.14 in a golden table): snapshots are grouped by host and source, each
 * {@code --keep-<period> N} rule keeps the newest snapshot of each of the N newest calendar periods (UTC) that have
 * one, {@code --keep-within} keeps everything within a span of the group's newest snapshot, and the union of all
 * rules is kept. {@code retention_days} (the seed's option) keeps the snapshots of the last N days measured from now
 * plus the newest one before that window, the base a point-in-time restore to the window's start needs.
 * {@link dev.pouch.agent.retention.ForgetService} applies a policy under an exclusive lock; it deletes snapshot
 * objects only, data goes with {@code prune}.
 */
package dev.pouch.agent.retention;
