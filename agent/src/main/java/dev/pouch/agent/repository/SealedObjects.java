package dev.pouch.agent.repository;

import dev.pouch.crypto.Aead;
import dev.pouch.crypto.AeadContext;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.Keyring;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The envelope of every encrypted repository object except packs:
 * {@code "PCH1" | kind u8 | key epoch u32 LE | AES-GCM(nonce | ciphertext | tag)}. The AEAD context binds the
 * ciphertext to (kind, object id, epoch), so swapping, replaying under another name or editing the epoch fails.
 */
public final class SealedObjects {

  static final byte[] MAGIC = {'P', 'C', 'H', '1'};
  static final int HEADER_BYTES = 9;

  private final Keyring keyring;

  public SealedObjects(Keyring keyring) {
    this.keyring = keyring;
  }

  public byte[] seal(ObjectKind kind, String id, byte[] plain) {
    int epoch = keyring.currentEpoch();
    return seal(keyring.currentAead(), kind, id, epoch, plain);
  }

  static byte[] seal(Aead aead, ObjectKind kind, String id, int epoch, byte[] plain) {
    byte[] sealed = aead.seal(plain, new AeadContext(kind.contextName(), id, epoch));
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + sealed.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) kind.code()).putInt(epoch).put(sealed);
    return out.array();
  }

  /** Authenticates and decrypts; any mismatch of kind, id, epoch, key or bytes is an {@link IntegrityException}. */
  public byte[] open(ObjectKind kind, String id, byte[] stored) throws IntegrityException {
    int epoch = epochOf(kind, id, stored);
    return keyring.aead(epoch).open(stored, HEADER_BYTES, stored.length - HEADER_BYTES,
        new AeadContext(kind.contextName(), id, epoch));
  }

  static byte[] open(Aead aead, ObjectKind kind, String id, byte[] stored) throws IntegrityException {
    int epoch = epochOf(kind, id, stored);
    return aead.open(stored, HEADER_BYTES, stored.length - HEADER_BYTES,
        new AeadContext(kind.contextName(), id, epoch));
  }

  private static int epochOf(ObjectKind kind, String id, byte[] stored) throws IntegrityException {
    if (stored.length < HEADER_BYTES + Aead.OVERHEAD) {
      throw new IntegrityException(kind.contextName() + " " + id + " is truncated (" + stored.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (stored[i] != MAGIC[i]) {
        throw new IntegrityException(kind.contextName() + " " + id + " has no pouch envelope");
      }
    }
    if ((stored[4] & 0xff) != kind.code()) {
      throw new IntegrityException(kind.contextName() + " " + id + " holds a " + describeKind(stored[4] & 0xff));
    }
    return ByteBuffer.wrap(stored, 5, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private static String describeKind(int code) {
    try {
      return ObjectKind.ofCode(code).contextName();
    } catch (IllegalArgumentException e) {
      return "object of unknown kind " + code;
    }
  }
}
