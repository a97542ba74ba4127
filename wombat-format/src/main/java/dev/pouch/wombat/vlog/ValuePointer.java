package dev.pouch.wombat.vlog;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.LittleEndian;

/**
 * A reference from a WAL record (meta {@code 0x08}) or an SSTable value to a value-log record: {@code file_id} u32
 * (the {@code <id>} of {@code vlog_<id>.dat}), {@code offset} u64 of the record header and {@code size} u32, which is
 * {@code 12 + payload_len}.
 *
 * @param fileId unsigned 32-bit file id
 * @param offset byte offset of the record header; unsigned 64-bit
 * @param size record size including the 12-byte header; unsigned 32-bit
 */
public record ValuePointer(long fileId, long offset, long size) {
  /** Encoded size in bytes. */
  public static final int ENCODED_SIZE = 16;

  /** Validates the unsigned ranges. */
  public ValuePointer {
    if (fileId < 0 || fileId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("file id outside u32: " + fileId);
    }
    if (size < 0 || size > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("size outside u32: " + size);
    }
  }

  /** Decodes the 16 bytes at {@code off}. */
  public static ValuePointer decode(byte[] b, int off) {
    return new ValuePointer(LittleEndian.u32(b, off), LittleEndian.u64(b, off + 4), LittleEndian.u32(b, off + 12));
  }

  /** Decodes a 16-byte value; any other length is not a pointer. */
  public static ValuePointer decode(Bytes value) {
    if (value.length() != ENCODED_SIZE) {
      throw new IllegalArgumentException("a value pointer has 16 bytes, not " + value.length());
    }
    return decode(value.toByteArray(), 0);
  }

  /** The 16-byte encoding. */
  public byte[] encode() {
    byte[] b = new byte[ENCODED_SIZE];
    LittleEndian.putU32(b, 0, fileId);
    LittleEndian.putU64(b, 4, offset);
    LittleEndian.putU32(b, 12, size);
    return b;
  }

  /** The payload length the pointer implies ({@code size - 12}); negative for a malformed pointer. */
  public long payloadLength() {
    return size - VlogRecordCodec.HEADER_SIZE;
  }
}
