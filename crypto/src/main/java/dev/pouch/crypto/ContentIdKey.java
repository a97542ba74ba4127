package dev.pouch.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed content identifiers: HMAC-SHA256 of the content, 32 bytes. Equal content under one key always gets the same
 * id (that is what deduplication needs); without the key, nobody holding only the stored objects can confirm a guess
 * about a chunk's content by hashing it. Ids do reveal which stored chunks are equal to each other.
 *
 * <p>Thread-safe: one {@link Mac} per thread and per instance.
 */
public final class ContentIdKey {
  /** Length of every id in bytes. */
  public static final int ID_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec macKey;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  /** Package-private so the RFC 4231 known-answer test can use its (shorter) published key. */
  ContentIdKey(byte[] macKeyBytes) {
    this.macKey = new SecretKeySpec(macKeyBytes, ALGORITHM);
  }

  /** Content ids keyed by {@code key}; holds its own copy of the key bytes. */
  public static ContentIdKey of(SymmetricKey key) {
    Objects.requireNonNull(key, "key");
    byte[] bytes = key.copyBytes();
    try {
      return new ContentIdKey(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The id of all of {@code data}. */
  public byte[] id(byte[] data) {
    Objects.requireNonNull(data, "data");
    return id(data, 0, data.length);
  }

  /**
   * The id of {@code data[offset, offset + length)}: 32 bytes.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code data}
   */
  public byte[] id(byte[] data, int offset, int length) {
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(offset, length, data.length);
    Mac mac = macs.get();
    mac.update(data, offset, length);
    return mac.doFinal();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(macKey);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "ContentIdKey[HMAC-SHA256, redacted]";
  }
}
