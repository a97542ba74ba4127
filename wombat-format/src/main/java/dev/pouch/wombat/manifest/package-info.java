/**
 * The MANIFEST (§2.1, {@code lib/wombat/storage/manifest.zig}): NDJSON, one minified object per {@code \n}-terminated
 * line, appended and never rewritten, with no header, version or checksum.
 *
 * <p>Vocabulary: a <em>change</em> is one line ({@code add_table}, {@code delete_table} or {@code create_level}); a
 * <em>torn tail</em> is a last line without {@code \n}, which a reader cuts off; an <em>unparseable line</em> is one
 * Wombat's strict parser would skip (wrong shape, missing or unknown field). <em>Replay</em> folds the changes into
 * seven levels of table descriptions. Byte fields (path, keys) are JSON strings when valid UTF-8 and arrays of byte
 * values otherwise, exactly as Zig's {@code std.json.stringify} writes them; every entry names {@code
 * table_<id>.sst}, a file Wombat never writes, and ids repeat across processes.
 */
package dev.pouch.wombat.manifest;
