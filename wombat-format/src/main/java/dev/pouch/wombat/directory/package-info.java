/**
 * Classification of the files in a Wombat data directory (and its value directory) by name and content (§1).
 *
 * <p>Wombat's names are not stable (native {@code wal_<n>.log}, {@code <n>.sst}, {@code vlog_<n>.dat}; seed-style
 * {@code *.wal}, {@code *.vlog}; deployment-renamed files), so a file's name only <em>suggests</em> a kind through
 * configurable glob patterns; its content then confirms or overrides the suggestion. Content evidence is
 * <em>strong</em> when a format has a recognisable signature (SSTable footer magic, MANIFEST JSON lines, a value-log
 * record with a matching FNV) and <em>weak</em> when the bytes are merely plausible (a WAL header, zeros). Strong
 * evidence always wins; weak evidence confirms the name. CONFIG and TEMP are recognised by name only. A file nothing
 * identifies stays {@link dev.pouch.wombat.directory.FileKind#OTHER} and is captured as opaque bytes.
 */
package dev.pouch.wombat.directory;
