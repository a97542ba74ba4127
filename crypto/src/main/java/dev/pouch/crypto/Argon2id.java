package dev.pouch.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password-based key derivation with BouncyCastle's Argon2id, used directly (BouncyCastle is not registered as a JCE
 * provider). The password is encoded as strict UTF-8 of exactly the chars given, without Unicode normalization.
 */
final class Argon2id {
  private Argon2id() {}

  /** Derives a 32-byte key from {@code password}; zeroes its own copies of the password bytes. */
  static SymmetricKey deriveKey(char[] password, byte[] salt, Argon2idParams params) {
    byte[] passwordBytes = utf8(password);
    byte[] keyBytes = derive(passwordBytes, salt, params, null, null, SymmetricKey.BYTES);
    try {
      return SymmetricKey.of(keyBytes);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
      Arrays.fill(keyBytes, (byte) 0);
    }
  }

  /**
   * Raw Argon2id (version 0x13). {@code secret} and {@code associatedData} may be null; they exist here so the
   * RFC 9106 §5.3 test vector, which uses both, runs through the same parameter wiring as {@link #deriveKey}.
   */
  static byte[] derive(byte[] password, byte[] salt, Argon2idParams params, byte[] secret, byte[] associatedData,
                       int outputBytes) {
    Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(params.memoryKiB())
        .withIterations(params.iterations())
        .withParallelism(params.parallelism());
    if (secret != null) {
      builder.withSecret(secret);
    }
    if (associatedData != null) {
      builder.withAdditional(associatedData);
    }
    Argon2Parameters parameters = builder.build();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(parameters);
      byte[] out = new byte[outputBytes];
      generator.generateBytes(password, out);
      return out;
    } finally {
      parameters.clear();
    }
  }

  /** Strict UTF-8 into one exactly sized buffer, so no unzeroed intermediate copies of the password are left. */
  private static byte[] utf8(char[] password) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    // UTF-8 needs at most 3 bytes per UTF-16 char (a surrogate pair is 2 chars -> 4 bytes).
    ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(password.length, 3));
    try {
      CoderResult result = encoder.encode(CharBuffer.wrap(password), buffer, true);
      if (!result.isUnderflow()) {
        throw new IllegalArgumentException("password is not well-formed UTF-16 (unpaired surrogate)");
      }
      result = encoder.flush(buffer);
      if (!result.isUnderflow()) {
        throw new IllegalArgumentException("password could not be encoded as UTF-8");
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    } finally {
      Arrays.fill(buffer.array(), (byte) 0);
    }
  }
}
