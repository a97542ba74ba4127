package dev.pouch.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What a ciphertext is: the object type (e.g. {@code "pack"}, {@code "index"}, {@code "snapshot"},
 * {@code "keyfile"}), the object's id, and the key epoch it was sealed under. {@link #aad()} is bound into the GCM
 * tag, so a ciphertext copied to another object, type or epoch fails authentication.
 *
 * <p>AAD layout (all integers unsigned big-endian): {@code u32 len(type) || type (UTF-8) || u32 len(id) || id (UTF-8)
 * || u32 keyEpoch}. The length prefixes make the encoding injective: ("ab", "c") and ("a", "bc") differ.
 *
 * @param type     non-empty object type; well-formed UTF-16
 * @param id       object id, may be empty; well-formed UTF-16
 * @param keyEpoch key epoch, {@code >= 0} (key files use 0; data epochs start at 1)
 */
public record AeadContext(String type, String id, int keyEpoch) {

  /** Validates the fields; throws IllegalArgumentException for an empty type, negative epoch or malformed text. */
  public AeadContext {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("AEAD context type must not be empty");
    }
    if (keyEpoch < 0) {
      throw new IllegalArgumentException("key epoch must be >= 0, got " + keyEpoch);
    }
    // Fail at construction, not at first seal, if a field cannot be encoded canonically.
    StrictUtf8.encode(type, "AEAD context type");
    StrictUtf8.encode(id, "AEAD context id");
  }

  /** The canonical encoding used as GCM additional authenticated data; a fresh array on each call. */
  public byte[] aad() {
    byte[] typeBytes = StrictUtf8.encode(type, "AEAD context type");
    byte[] idBytes = StrictUtf8.encode(id, "AEAD context id");
    return ByteBuffer.allocate(4 + typeBytes.length + 4 + idBytes.length + 4)
        .putInt(typeBytes.length)
        .put(typeBytes)
        .putInt(idBytes.length)
        .put(idBytes)
        .putInt(keyEpoch)
        .array();
  }
}
