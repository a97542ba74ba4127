/**
 * Content-defined chunking (FastCDC). A chunk boundary depends only on the bytes near it, so an insertion or a
 * rewritten region changes only the chunks it touches and the rest deduplicate. Boundaries are deterministic for a
 * given {@link dev.pouch.agent.chunking.ChunkerParams}, which the repository config fixes.
 */
package dev.pouch.agent.chunking;
