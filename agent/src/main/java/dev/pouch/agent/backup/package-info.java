/**
 * Backup: from a scanned source to a snapshot. Files unchanged since the parent snapshot cost no reads; new data
 * is chunked, deduplicated, compressed, sealed and packed by a bounded pipeline.
 */
package dev.pouch.agent.backup;
