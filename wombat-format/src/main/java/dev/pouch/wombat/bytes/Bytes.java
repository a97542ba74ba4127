package dev.pouch.wombat.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string, ordered as Wombat orders keys: unsigned lexicographic comparison, a proper prefix
 * sorts first.
 *
 * <p>{@link #toString()} shows the length only, never the content, because keys and values may be sensitive.
 * Instances are thread-safe.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;
  private int hash;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** The empty byte string. */
  public static Bytes empty() {
    return EMPTY;
  }

  /** A copy of {@code data}. */
  public static Bytes of(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data.clone());
  }

  /** A copy of {@code length} bytes of {@code data} starting at {@code offset}. */
  public static Bytes of(byte[] data, int offset, int length) {
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
  }

  /**
   * Wraps {@code data} without copying. The caller hands over ownership and must never modify the array again;
   * used on hot paths that have just allocated the array.
   */
  public static Bytes wrap(byte[] data) {
    return data.length == 0 ? EMPTY : new Bytes(data);
  }

  /** The UTF-8 encoding of {@code text}. */
  public static Bytes ofUtf8(String text) {
    return wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Number of bytes. */
  public int length() {
    return data.length;
  }

  /** Whether the length is zero. */
  public boolean isEmpty() {
    return data.length == 0;
  }

  /** The byte at {@code index}, as an unsigned value 0..255. */
  public int unsignedAt(int index) {
    return data[index] & 0xFF;
  }

  /** A fresh copy of the content. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** Copies the content into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(data, 0, target, offset, data.length);
  }

  /** Decodes the content as UTF-8, replacing malformed input. For diagnostics and tests, not for keys in logs. */
  public String toUtf8() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Whether every byte is zero (true for the empty string). */
  public boolean isAllZero() {
    for (byte b : data) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(data, other.data);
  }

  /** As {@link #compareTo(Bytes)}, against {@code other[offset, offset + length)} where it lies. */
  public int compareTo(byte[] other, int offset, int length) {
    return Arrays.compareUnsigned(data, 0, data.length, other, offset, offset + length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(data);
      hash = h;
    }
    return h;
  }

  /** Shows the length only, so that key and value content never reaches logs or exception messages. */
  @Override
  public String toString() {
    return "Bytes[length=" + data.length + "]";
  }
}
