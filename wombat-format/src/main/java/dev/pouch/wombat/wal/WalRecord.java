package dev.pouch.wombat.wal;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.vlog.ValuePointer;

/**
 * One WAL record. {@code value} is the inline value, or the 16-byte pointer when {@link #isExternal()}.
 *
 * @param key the key; empty for some batch and transaction writes
 * @param value the stored value bytes
 * @param timestamp the logical timestamp (unsigned; 0 for every transaction write)
 * @param meta the meta byte, 0..255
 */
public record WalRecord(Bytes key, Bytes value, long timestamp, int meta) {
  /** Header size: key length, value length, timestamp, meta. */
  public static final int HEADER_SIZE = 17;

  /** Validates the meta range. */
  public WalRecord {
    if (meta < 0 || meta > 0xFF) {
      throw new IllegalArgumentException("meta outside a byte: " + meta);
    }
  }

  /** A put with an inline value (meta 0). */
  public static WalRecord put(Bytes key, Bytes value, long timestamp) {
    return new WalRecord(key, value, timestamp, 0);
  }

  /** A put whose value lives in the value log (meta {@code 0x08}). */
  public static WalRecord external(Bytes key, ValuePointer pointer, long timestamp) {
    return new WalRecord(key, Bytes.wrap(pointer.encode()), timestamp, WalMeta.EXTERNAL);
  }

  /** {@code DB.delete}: meta {@code 0x03}, empty value. */
  public static WalRecord delete(Bytes key, long timestamp) {
    return new WalRecord(key, Bytes.empty(), timestamp, WalMeta.DELETE);
  }

  /** Whether the deleted bit is set. */
  public boolean isDeleted() {
    return (meta & WalMeta.DELETED) != 0;
  }

  /** Whether the value is a value-log pointer. */
  public boolean isExternal() {
    return (meta & WalMeta.EXTERNAL) != 0;
  }

  /** The pointer of an external record. */
  public ValuePointer pointer() {
    if (!isExternal()) {
      throw new IllegalStateException("record is not external");
    }
    return ValuePointer.decode(value);
  }

  /** Encoded size: header plus key plus value. */
  public long encodedSize() {
    return HEADER_SIZE + (long) key.length() + value.length();
  }

  /** Whether the encoded header is 17 zero bytes (indistinguishable from padding). */
  public boolean hasZeroHeader() {
    return key.isEmpty() && value.isEmpty() && timestamp == 0 && meta == 0;
  }
}
