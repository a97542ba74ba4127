package dev.pouch.wombat.vlog;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.bytes.Fnv1a64;
import dev.pouch.wombat.bytes.LittleEndian;
import java.io.IOException;

/** Encoding and checking of one value-log record {@code [payload_len u32][fnv1a64 u64][payload]}. */
public final class VlogRecordCodec {
  /** Header size: payload length and checksum. */
  public static final int HEADER_SIZE = 12;

  private VlogRecordCodec() {}

  /** The record holding {@code storedPayload} (already compressed if the compression rule applied). */
  public static byte[] encode(byte[] storedPayload) {
    if (storedPayload.length == 0) {
      throw new IllegalArgumentException("a value-log payload is never empty");
    }
    byte[] record = new byte[HEADER_SIZE + storedPayload.length];
    LittleEndian.putU32(record, 0, storedPayload.length);
    LittleEndian.putU64(record, 4, Fnv1a64.hash(storedPayload));
    System.arraycopy(storedPayload, 0, record, HEADER_SIZE, storedPayload.length);
    return record;
  }

  /** Checks {@code pointer} against the bytes of its file, {@code file} (whose length is the captured length). */
  public static PointerCheck check(ByteSource file, ValuePointer pointer) throws IOException {
    long offset = pointer.offset();
    long size = pointer.size();
    if (offset < 0 || offset > file.length() || size > file.length() - offset) {
      return PointerCheck.PAST_END;
    }
    if (size <= HEADER_SIZE) {
      return PointerCheck.SIZE_MISMATCH;
    }
    byte[] header = file.read(offset, HEADER_SIZE);
    long payloadLength = LittleEndian.u32(header, 0);
    if (payloadLength != size - HEADER_SIZE) {
      return PointerCheck.SIZE_MISMATCH;
    }
    long expected = LittleEndian.u64(header, 4);
    return fnv(file, offset + HEADER_SIZE, payloadLength) == expected
        ? PointerCheck.VALID
        : PointerCheck.CHECKSUM_MISMATCH;
  }

  /** The stored payload a valid pointer names; call {@link #check} first. */
  public static byte[] readPayload(ByteSource file, ValuePointer pointer) throws IOException {
    long payloadLength = pointer.payloadLength();
    if (payloadLength < 1 || payloadLength > Integer.MAX_VALUE - 16) {
      throw new IOException("value-log payload of " + payloadLength + " bytes cannot be materialised");
    }
    return file.read(pointer.offset() + HEADER_SIZE, (int) payloadLength);
  }

  static long fnv(ByteSource file, long position, long length) throws IOException {
    Fnv1a64 hash = new Fnv1a64();
    // 64 KiB pieces: as fast to hash, and a check of a large value does not allocate its whole size.
    byte[] buffer = new byte[(int) Math.min(length, 64 << 10)];
    long at = position;
    long remaining = length;
    while (remaining > 0) {
      int n = (int) Math.min(buffer.length, remaining);
      file.readFully(at, buffer, 0, n);
      hash.update(buffer, 0, n);
      at += n;
      remaining -= n;
    }
    return hash.value();
  }
}
