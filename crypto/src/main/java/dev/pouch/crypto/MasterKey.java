package dev.pouch.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A repository's master key: 32 random bytes, only ever stored wrapped by {@link KeyFile}s (one per password). The
 * agent seals repository-level secrets such as the serialized {@link Keyring} with {@link #aead()}.
 *
 * <p>{@code equals} compares in constant time; {@code toString} never shows the key. Thread-safe.
 */
public final class MasterKey implements Destroyable {
  private final SymmetricKey key;
  private final Aead aead;

  private MasterKey(SymmetricKey key) {
    this.key = key;
    this.aead = Aead.of(key);
  }

  /** A fresh master key from {@code rng}. */
  public static MasterKey random(SecureRandom rng) {
    return new MasterKey(SymmetricKey.random(rng));
  }

  /** Package-private: only key unwrapping may build a master key from bytes. */
  static MasterKey of(SymmetricKey key) {
    return new MasterKey(Objects.requireNonNull(key, "key"));
  }

  SymmetricKey key() {
    return key;
  }

  /** AES-256-GCM under the master key. */
  public Aead aead() {
    return aead;
  }

  /** Zeroes this object's copy of the key; the cached {@link #aead()} keeps its own (best effort, see SymmetricKey). */
  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MasterKey that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
