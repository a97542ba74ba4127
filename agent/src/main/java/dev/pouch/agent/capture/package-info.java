/**
 * Consistent capture of a live Wombat data directory: plan (MANIFEST to its last newline, valid SSTables, WALs cut
 * at their last settled record, value logs last), then confirm that what was read fits together and record the
 * proof in the snapshot. Only ever reads the source.
 */
package dev.pouch.agent.capture;
