/**
 * The reliability and security suite (issue 11): the pouch CLI killed with {@code kill -9} during backup, copy,
 * prune and restore; storage faults through the agent's Java API; corrupted, hostile and malformed input; secrets;
 * concurrent processes on one repository.
 *
 * <p>Vocabulary. A <em>crash point</em> is one run of a command killed by {@code Process.destroyForcibly} at a seeded
 * moment (a delay after start, or when a number of new objects or files appeared); a run that finished before its
 * moment is not counted as one. A snapshot is <em>completed</em> once the command that made it exited 0. Every
 * completed snapshot has a <em>reference tree</em> ({@link dev.pouch.it.reliability.TreeDigest}) taken from its first
 * restore, after that restore was compared with the source; later restores must match it byte for byte.
 *
 * <p>The CLI runs as a child JVM ({@link dev.pouch.it.reliability.PouchProcess}) wherever the process matters (kills,
 * command lines, exit codes seen by a shell); checks after a crash run the same entry point in the test JVM
 * ({@link dev.pouch.it.reliability.EmbeddedPouch}), which is much faster than starting a JVM per check. Counts go to
 * {@code target/reliability/*.txt} ({@link dev.pouch.it.reliability.Tally}) and into docs/reliability.md. The
 * {@code long} Maven profile ({@code -Plong}, system property {@code pouch.test.long=true}) raises the counts.
 */
package dev.pouch.it.reliability;
