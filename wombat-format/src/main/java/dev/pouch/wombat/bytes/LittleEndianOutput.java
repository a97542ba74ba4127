package dev.pouch.wombat.bytes;

import java.util.Arrays;

/** A growable byte array written with little-endian integers. Not thread-safe. */
public final class LittleEndianOutput {
  private byte[] buf;
  private int size;

  /** An empty output with a small initial capacity. */
  public LittleEndianOutput() {
    this(256);
  }

  /** An empty output with {@code capacity} bytes reserved. */
  public LittleEndianOutput(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void reserve(int extra) {
    if (size + extra > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("output exceeds 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  /** Appends one byte (the low 8 bits of {@code v}). */
  public LittleEndianOutput u8(int v) {
    reserve(1);
    buf[size++] = (byte) v;
    return this;
  }

  /** Appends the low 32 bits of {@code v}. */
  public LittleEndianOutput u32(long v) {
    reserve(4);
    LittleEndian.putU32(buf, size, v);
    size += 4;
    return this;
  }

  /** Appends {@code v} as 8 bytes. */
  public LittleEndianOutput u64(long v) {
    reserve(8);
    LittleEndian.putU64(buf, size, v);
    size += 8;
    return this;
  }

  /** Appends {@code b[off..off+len)}. */
  public LittleEndianOutput bytes(byte[] b, int off, int len) {
    reserve(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  /** Appends all of {@code b}. */
  public LittleEndianOutput bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  /** Appends the content of {@code b}. */
  public LittleEndianOutput bytes(Bytes b) {
    reserve(b.length());
    b.copyTo(buf, size);
    size += b.length();
    return this;
  }

  /** Number of bytes written. */
  public int size() {
    return size;
  }

  /** Forgets the content, keeping the capacity. */
  public void clear() {
    size = 0;
  }

  /** The backing array; valid in {@code [0, size())} until the next write. */
  public byte[] array() {
    return buf;
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
