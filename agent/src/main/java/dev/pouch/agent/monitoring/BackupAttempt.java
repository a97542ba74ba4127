package dev.pouch.agent.monitoring;

import java.time.Instant;

/**
 * One finished backup attempt.
 *
 * @param totalBytes the bytes the snapshot holds; 0 for a failed attempt
 */
public record BackupAttempt(Instant finished, boolean succeeded, long totalBytes) {}
