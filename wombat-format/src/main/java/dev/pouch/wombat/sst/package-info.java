/**
 * SSTables (§2.4, {@code lib/wombat/storage/table.zig}): {@code [data blocks][bloom][filter index][block index]
 * [main index][footer 64 B]}, no header, no whole-file checksum.
 *
 * <p>Vocabulary: a <em>block</em> is a run of entries {@code [key_len u32][value_len u32][ts u64][key][value]}
 * (no meta byte; keys non-empty and strictly increasing across the file), stored raw or, with compression 1, as
 * {@code [raw_len u32][zlib]}. The <em>main index</em> lists each block's stored extent once or twice (under its
 * first key, and its last key if different). The <em>block index</em> keeps per block a CRC-32 over a virtual
 * 24-byte header ({@code "COLB"}, entry count, min and max timestamp) followed by the uncompressed entries. An SST
 * value is the inline value or a 16-byte value pointer, indistinguishably: SSTs carry no meta.
 *
 * <p>Wombat builds an SST under its final name; a file failing {@link dev.pouch.wombat.sst.SstValidator} while Wombat
 * runs is probably unfinished.
 */
package dev.pouch.wombat.sst;
