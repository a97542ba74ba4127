/**
 * Readers, validators and writers for the on-disk formats of the Wombat key-value store (commit 37d5caa), and a
 * deterministic simulator that writes byte-exact Wombat data directories.
 *
 * <p>Every integer on disk is little-endian and unsigned; keys sort by unsigned lexicographic byte order. The
 * byte-level reference is {@code /work/shared/wombat-format.md}; section numbers (§2.2 and so on) in this module's
 * Javadoc refer to it. Sub-packages, one per concept: {@code bytes} (immutable byte strings and positional byte
 * sources), {@code manifest}, {@code wal}, {@code vlog}, {@code sst}, {@code directory} (file classification),
 * {@code state} (key-value state, semantic digest, replay, restore check) and {@code simulator}.
 */
package dev.pouch.wombat;
