package dev.pouch.crypto;

import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * Reads big-endian fields from untrusted bytes. Every read checks the remaining length first, so a hostile length
 * field can never cause an allocation larger than the input itself; every failure is an {@link IntegrityException}
 * that names the structure, the field and the offset.
 */
final class BinaryReader {
  private final byte[] bytes;
  private final String structure;
  private int position;

  BinaryReader(byte[] bytes, String structure) {
    this.bytes = bytes;
    this.structure = structure;
  }

  void expectMagic(byte[] magic) throws IntegrityException {
    byte[] actual = take(magic.length, "magic");
    if (!Arrays.equals(actual, magic)) {
      throw malformed("wrong magic (not a " + structure + ")");
    }
  }

  int u8(String field) throws IntegrityException {
    return take(1, field)[0] & 0xff;
  }

  int u16(String field) throws IntegrityException {
    byte[] b = take(2, field);
    return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
  }

  long u32(String field) throws IntegrityException {
    byte[] b = take(4, field);
    return ((long) (b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /** An unsigned 32-bit field that must lie in [min, max]. */
  int u32InRange(String field, int min, int max) throws IntegrityException {
    int start = position;
    long value = u32(field);
    if (value < min || value > max) {
      throw malformed(field + " at offset " + start + " is " + value + ", allowed " + min + ".." + max);
    }
    return (int) value;
  }

  long i64(String field) throws IntegrityException {
    byte[] b = take(8, field);
    long value = 0;
    for (byte x : b) {
      value = (value << 8) | (x & 0xff);
    }
    return value;
  }

  byte[] bytes(int length, String field) throws IntegrityException {
    return take(length, field);
  }

  String utf8(int length, String field) throws IntegrityException {
    int start = position;
    need(length, field);
    try {
      String text = StrictUtf8.decode(bytes, start, length);
      position += length;
      return text;
    } catch (CharacterCodingException e) {
      throw new IntegrityException(structure + " is malformed: " + field + " at offset " + start
          + " is not valid UTF-8", e);
    }
  }

  void expectEnd() throws IntegrityException {
    if (position != bytes.length) {
      throw malformed((bytes.length - position) + " unexpected trailing bytes at offset " + position);
    }
  }

  IntegrityException malformed(String detail) {
    return new IntegrityException(structure + " is malformed: " + detail);
  }

  private byte[] take(int length, String field) throws IntegrityException {
    need(length, field);
    byte[] out = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return out;
  }

  private void need(int length, String field) throws IntegrityException {
    if (length < 0 || bytes.length - position < length) {
      throw new IntegrityException(structure + " is truncated: " + field + " needs " + length + " bytes at offset "
          + position + ", " + (bytes.length - position) + " remain");
    }
  }
}
