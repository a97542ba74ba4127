/**
 * The value log (§2.3): files {@code vlog_<id>.dat} of records {@code [payload_len u32][fnv1a64 u64][payload]}
 * packed from offset 0 into a preallocated, zero-filled file.
 *
 * <p>Vocabulary: a <em>stored payload</em> is what the record holds, either the value itself or, under Wombat's
 * unflagged compression rule, a bare zlib stream of it; the <em>resolved value</em> is what the application wrote.
 * A {@link dev.pouch.wombat.vlog.ValuePointer} (16 bytes inside a WAL record with meta {@code 0x08}) names a record
 * by file id, offset and size ({@code 12 + payload_len}). A pointer is valid against <em>captured</em> bytes when
 * the record lies inside them, its {@code payload_len} matches and its FNV-1a-64 matches.
 * The <em>logical end</em> of a file is the first record with {@code payload_len = 0}, a wrong FNV or an extent past
 * the end of the file.
 */
package dev.pouch.wombat.vlog;
