/**
 * Copying snapshots between repositories, for 3-2-1. When the target shares the source's keys (created with
 * {@code init --copy-of}), packs, index objects and snapshots are copied byte for byte ({@link
 * dev.pouch.agent.copy.CopyMode#RAW}): nothing is decrypted except to authenticate, and nothing is re-encrypted.
 * Otherwise every chunk is decrypted, re-identified, compressed and sealed again under the target's keys ({@link
 * dev.pouch.agent.copy.CopyMode#REENCRYPT}).
 *
 * <p>Invariants: every object is authenticated with the source's keys before it is written; writes never replace
 * (conditional create); the order is packs, then index objects, then snapshots, so an interrupted copy leaves at
 * most unindexed packs (reused by the next copy in raw mode, removed by prune) and never a snapshot whose data is
 * missing. Both repositories are held with shared locks, so neither can be pruned meanwhile; a copy whose target lock
 * was lost (a prune took it for stale) writes no index or snapshot to the target.
 */
package dev.pouch.agent.copy;
