/**
 * Logical key-value state recovered from Wombat files (§5), and the checks a restore must pass.
 *
 * <p>Vocabulary: a <em>lifetime</em> is one Wombat process between opens; its logical timestamps restart at 1.
 * <em>Replay</em> applies WAL records to a key → version map: within a lifetime the highest timestamp wins and on a
 * tie the first record wins (as in Wombat's skiplist); across lifetimes the later lifetime wins. A deleted record
 * (meta bit {@code 0x01}) is a tombstone. The <em>state</em> ({@link dev.pouch.wombat.state.KvState}) is the live
 * keys with their resolved values (value-log pointers dereferenced, compressed payloads inflated). Its
 * <em>semantic digest</em> ({@link dev.pouch.wombat.state.StateDigest}) is equal for equal states whatever the file
 * layout. SSTables are supporting evidence only: they carry no deletes and may hold stale values.
 */
package dev.pouch.wombat.state;
