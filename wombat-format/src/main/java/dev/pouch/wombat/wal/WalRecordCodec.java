package dev.pouch.wombat.wal;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;

/** Byte encoding of {@link WalRecord}s, exactly as {@code Entry.encode} writes them. */
public final class WalRecordCodec {
  private WalRecordCodec() {}

  /** The 17-byte header. */
  public static byte[] encodeHeader(long keyLength, long valueLength, long timestamp, int meta) {
    byte[] h = new byte[WalRecord.HEADER_SIZE];
    LittleEndian.putU32(h, 0, keyLength);
    LittleEndian.putU32(h, 4, valueLength);
    LittleEndian.putU64(h, 8, timestamp);
    h[16] = (byte) meta;
    return h;
  }

  /** The whole record. */
  public static byte[] encode(WalRecord record) {
    long size = record.encodedSize();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("record of " + size + " bytes is too large to encode in one array");
    }
    byte[] out = new byte[(int) size];
    encodeInto(record, out, 0);
    return out;
  }

  /** Encodes {@code record} into {@code out} at {@code off}; returns the offset after it. */
  public static int encodeInto(WalRecord record, byte[] out, int off) {
    LittleEndian.putU32(out, off, record.key().length());
    LittleEndian.putU32(out, off + 4, record.value().length());
    LittleEndian.putU64(out, off + 8, record.timestamp());
    out[off + 16] = (byte) record.meta();
    int at = off + WalRecord.HEADER_SIZE;
    record.key().copyTo(out, at);
    at += record.key().length();
    record.value().copyTo(out, at);
    return at + record.value().length();
  }

  /**
   * Decodes the record at {@code off}, without applying the end-of-log rules.
   *
   * @throws IllegalArgumentException if the record runs past {@code limit}
   */
  public static WalRecord decode(byte[] buf, int off, int limit) {
    if (limit - off < WalRecord.HEADER_SIZE) {
      throw new IllegalArgumentException("fewer than 17 bytes for a header at " + off);
    }
    long keyLength = LittleEndian.u32(buf, off);
    long valueLength = LittleEndian.u32(buf, off + 4);
    long timestamp = LittleEndian.u64(buf, off + 8);
    int meta = buf[off + 16] & 0xFF;
    long end = (long) off + WalRecord.HEADER_SIZE + keyLength + valueLength;
    if (end > limit) {
      throw new IllegalArgumentException("record at " + off + " runs past " + limit);
    }
    int at = off + WalRecord.HEADER_SIZE;
    Bytes key = Bytes.of(buf, at, (int) keyLength);
    Bytes value = Bytes.of(buf, at + (int) keyLength, (int) valueLength);
    return new WalRecord(key, value, timestamp, meta);
  }
}
