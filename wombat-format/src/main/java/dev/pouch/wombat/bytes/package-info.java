/**
 * Byte vocabulary shared by every Wombat format: {@link dev.pouch.wombat.bytes.Bytes} (an immutable byte string that
 * orders like Wombat's keys, by unsigned lexicographic comparison), {@link dev.pouch.wombat.bytes.ByteSource}
 * (positional, read-only access to a fixed-length prefix of a file or array), {@link dev.pouch.wombat.bytes.ByteSink}
 * (positional writes used by the writers) and the FNV-1a-64 hash of the value log.
 *
 * <p>Invariant: a {@code ByteSource} never grows or shrinks while it is used; callers that follow a live file take
 * a new source per observation.
 */
package dev.pouch.wombat.bytes;
