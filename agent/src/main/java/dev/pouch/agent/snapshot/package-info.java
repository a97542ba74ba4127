/**
 * Snapshots: the tree of a backed-up directory (paths, metadata, chunk lists) plus what the backup did, written
 * last so that a snapshot exists only when everything it references is stored.
 */
package dev.pouch.agent.snapshot;
