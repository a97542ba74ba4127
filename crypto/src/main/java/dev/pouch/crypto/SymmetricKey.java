package dev.pouch.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * 32 secret bytes: an AES-256 key or an HMAC-SHA256 key.
 *
 * <p>{@link #toString()} never shows the bytes, {@link #equals(Object)} compares in constant time, and
 * {@link #hashCode()} is a constant so that hashing never depends on (or leaks) the secret. {@link #destroy()} zeroes
 * this object's copy; objects already built from it (an {@link Aead}, a {@link ContentIdKey}) keep their own copies,
 * so zeroing is best effort, as it always is on a JVM.
 *
 * <p>Thread-safe for reading; do not destroy a key while another thread is using it.
 */
public final class SymmetricKey implements Destroyable {
  /** Length of every key in bytes. */
  public static final int BYTES = 32;

  private final byte[] bytes;
  private volatile boolean destroyed;

  private SymmetricKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh key of 32 bytes from {@code rng}. */
  public static SymmetricKey random(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    byte[] bytes = new byte[BYTES];
    rng.nextBytes(bytes);
    return new SymmetricKey(bytes);
  }

  /**
   * A key holding a copy of {@code bytes32}; the caller keeps (and should zero) its array.
   *
   * @throws IllegalArgumentException unless exactly 32 bytes are given
   */
  public static SymmetricKey of(byte[] bytes32) {
    Objects.requireNonNull(bytes32, "bytes32");
    if (bytes32.length != BYTES) {
      throw new IllegalArgumentException("a symmetric key has " + BYTES + " bytes, got " + bytes32.length);
    }
    return new SymmetricKey(bytes32.clone());
  }

  /** A copy of the secret bytes, for serialization inside this package only. The caller zeroes it after use. */
  byte[] copyBytes() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /** Zeroes the key bytes; every later use of this object throws IllegalStateException. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("symmetric key was destroyed");
    }
  }

  /** Constant-time comparison of the key bytes. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SymmetricKey that)) {
      return false;
    }
    checkNotDestroyed();
    that.checkNotDestroyed();
    return MessageDigest.isEqual(bytes, that.bytes);
  }

  /** A constant: a hash of the bytes would expose some of them to whoever sees the hash. */
  @Override
  public int hashCode() {
    return SymmetricKey.class.hashCode();
  }

  @Override
  public String toString() {
    return destroyed ? "SymmetricKey[destroyed]" : "SymmetricKey[redacted]";
  }
}
