/**
 * The write-ahead log (§2.2): one file per memtable, records {@code [key_len u32][value_len u32][timestamp u64]
 * [meta u8][key][value]} packed from offset 0 into a preallocated, zero-filled file, with no header, checksum or
 * commit marker.
 *
 * <p>Vocabulary: the <em>validated end</em> of a segment is the offset where decoding from 0 first meets a record
 * that breaks the end-of-log rules ({@link dev.pouch.wombat.wal.WalScanner}); it is always a record boundary. The
 * <em>tail</em> is everything after it: all zero for a cleanly written file, non-zero for a hole or corruption.
 * A <em>padding record</em> is a 17-byte all-zero header, which ends the log except in the {@code wal_1} that Wombat
 * unlinks at open, where its own recovery wrote runs of them between real records. A record whose last byte is zero
 * and that is followed by zeros <em>may be torn</em> (header written, payload not yet): the writer fills a
 * preallocated file, so a live reader confirms it by reading twice.
 */
package dev.pouch.wombat.wal;
