package dev.pouch.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that refuses malformed input instead of substituting '?' or U+FFFD. Substitution would map two different
 * strings (e.g. two different unpaired surrogates) to the same bytes, which breaks the canonical encodings that AAD and
 * the key file format rely on.
 */
final class StrictUtf8 {
  private StrictUtf8() {}

  /** Encodes {@code text}; throws IllegalArgumentException naming {@code field} if it is not well-formed UTF-16. */
  static byte[] encode(String text, String field) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(field + " is not well-formed UTF-16 (unpaired surrogate)", e);
    }
  }

  /** Decodes exactly {@code length} bytes at {@code offset}; throws CharacterCodingException on malformed UTF-8. */
  static String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }
}
