/**
 * Restore: a snapshot back into a directory, never outside it. Every chunk is authenticated and re-identified by
 * its keyed hash before it is written, so a restored file is byte-identical to what was backed up or the restore
 * fails.
 */
package dev.pouch.agent.restore;
