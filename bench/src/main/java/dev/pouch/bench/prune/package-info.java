/**
 * Issue 8's prune benchmark: a repository with the <em>shape</em> of a large one (snapshot count, chunk count, pack
 * count, index objects, ~1% new chunks per snapshot) but tiny chunk payloads, built through the agent's real write
 * path on the local filesystem; then {@code forget} and one {@code prune}, measured in process (requests by kind,
 * listings per prefix, CPU) and as a CLI child process (time, RSS, syscalls under strace); and restic's
 * {@code prune} on a repository of the same shape at a smaller snapshot count.
 *
 * <p>Vocabulary: a <b>slot</b> is a position in the backed-up data (one simulated 1 MiB chunk); a snapshot is the
 * chunk number held by every slot; each snapshot replaces a few slots with new chunks, most of them in a hot
 * fifth of the slots. The {@link dev.pouch.bench.prune.RepositoryShape} says how many of each.
 */
package dev.pouch.bench.prune;
