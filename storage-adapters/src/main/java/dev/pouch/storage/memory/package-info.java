/**
 * An in-memory {@link dev.pouch.storage.StorageBackend} for tests and dry runs: a concurrent sorted map of byte-array
 * copies. It is the reference implementation of the contract: every guarantee (atomic put, atomic create-if-absent,
 * key-ordered listing, ranges) holds exactly, so a test failing on memory is a test bug, not a backend quirk.
 */
package dev.pouch.storage.memory;
