/**
 * Restore: a snapshot back into a directory, never outside it. Every chunk is authenticated by its GCM tag, which
 * binds it to its id and key epoch, before it is written, so a restored file is byte-identical to what was backed up
 * or the restore fails. ({@code verify --read-data} also re-identifies each chunk by its keyed hash.)
 */
package dev.pouch.agent.restore;
