package dev.pouch.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per seal and a 128-bit tag. Sealed layout:
 * {@code nonce (12) || ciphertext (same length as the plaintext) || tag (16)}, so a sealed message is always
 * {@link #OVERHEAD} bytes longer than its plaintext. The {@link AeadContext} is the GCM additional authenticated data;
 * it is not stored, the reader must know it.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code open} returns plaintext only after the whole tag has been checked; on failure it throws
 *       {@link IntegrityException} and the candidate plaintext is zeroed, never returned.</li>
 *   <li>Every seal of the same plaintext gives a different result (random nonce). Random nonces are safe for fewer
 *       than 2^32 seals per key (NIST SP 800-38D); rotate the key epoch long before that. Nothing here counts.</li>
 *   <li>Not nonce-misuse resistant, not key-committing, and lengths are not hidden.</li>
 *   <li>Thread-safe: cipher objects are cached per thread and per instance.</li>
 * </ul>
 *
 * <p>Speed: the cipher is fed at most {@link #SLICE_BYTES} per call. In a fresh JVM one large {@code doFinal} stays off
 * the AES-GCM intrinsic for many seconds (~70-100 MB/s; see perf-notes.md). JCE's GCM decryption buffers the whole
 * ciphertext and decrypts it in one call, whatever slices it is fed, so {@code open} does not use it: it decrypts with
 * AES-CTR starting at GCM's first data counter block ({@code nonce || 00000002}), then recomputes the tag by
 * GCM-encrypting that candidate plaintext under the same key and nonce (which reproduces exactly the ciphertext that
 * produced it), and compares tags in constant time. This is the GCM verification equation evaluated with the
 * intrinsics JCE exposes; the known-answer and tamper tests cover it.
 */
public final class Aead {
  /** Bytes added by sealing: nonce (12) plus tag (16). */
  public static final int OVERHEAD = 28;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  /**
   * Largest input handed to the cipher in one call (see the class comment for why). Small slices mean many calls, so
   * the JIT compiles the caller onto the AES-GCM intrinsic sooner: measured in a fresh JVM on 1 GiB, 4 KiB slices
   * took 0.53 s, 64 KiB slices 0.9 s, with the same steady state (~9 GB/s) once compiled.
   */
  static final int SLICE_BYTES = 4 * 1024;
  // Largest plaintext whose sealed form still fits in a Java array.
  private static final int MAX_PLAIN_BYTES = Integer.MAX_VALUE - 8 - OVERHEAD;
  private static final int TAG_BITS = TAG_BYTES * 8;

  private final SecretKeySpec key;
  private final SecureRandom nonces;
  private final ThreadLocal<Ciphers> ciphers = ThreadLocal.withInitial(Ciphers::new);

  private Aead(SecretKeySpec key, SecureRandom nonces) {
    this.key = key;
    this.nonces = nonces;
  }

  /** An AEAD under {@code key}; holds its own copy of the key bytes. Nonces come from a private SecureRandom. */
  public static Aead of(SymmetricKey key) {
    Objects.requireNonNull(key, "key");
    byte[] bytes = key.copyBytes();
    try {
      return new Aead(new SecretKeySpec(bytes, "AES"), new SecureRandom());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Seals all of {@code plain}; see {@link #seal(byte[], int, int, AeadContext)}. */
  public byte[] seal(byte[] plain, AeadContext context) {
    Objects.requireNonNull(plain, "plain");
    return seal(plain, 0, plain.length, context);
  }

  /**
   * Seals {@code plain[offset, offset + length)} for {@code context}.
   *
   * @return a new array of {@code length + OVERHEAD} bytes: nonce, ciphertext, tag
   * @throws IndexOutOfBoundsException if the range is outside {@code plain}
   */
  public byte[] seal(byte[] plain, int offset, int length, AeadContext context) {
    Objects.requireNonNull(plain, "plain");
    if (length > MAX_PLAIN_BYTES) {
      throw new IllegalArgumentException("plaintext of " + length + " bytes is too large to seal into one array");
    }
    byte[] sealed = new byte[length + OVERHEAD];
    sealInto(plain, offset, length, context, sealed, 0);
    return sealed;
  }

  /**
   * Seals {@code plain[offset, offset + length)} for {@code context} into {@code out} at {@code outOffset}, so a
   * caller that collects sealed messages in one buffer (a pack) does not need a copy of each.
   *
   * @return the bytes written, always {@code length + OVERHEAD}
   * @throws IndexOutOfBoundsException if either range is outside its array
   */
  public int sealInto(byte[] plain, int offset, int length, AeadContext context, byte[] out, int outOffset) {
    Objects.requireNonNull(plain, "plain");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, length, plain.length);
    if (length > MAX_PLAIN_BYTES) {
      throw new IllegalArgumentException("plaintext of " + length + " bytes is too large to seal into one array");
    }
    Objects.checkFromIndexSize(outOffset, length + OVERHEAD, out.length);
    byte[] aad = context.aad();
    byte[] nonce = new byte[NONCE_BYTES];
    nonces.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, outOffset, NONCE_BYTES);
    Cipher cipher = ciphers.get().seal;
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      int written = NONCE_BYTES;
      for (int done = 0; done < length; done += SLICE_BYTES) {
        written += cipher.update(plain, offset + done, Math.min(SLICE_BYTES, length - done), out,
            outOffset + written);
      }
      written += cipher.doFinal(out, outOffset + written);
      if (written != length + OVERHEAD) {
        throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected " + (length + OVERHEAD));
      }
      return written;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed in the JCE provider", e);
    }
  }

  /** Opens all of {@code sealed}; see {@link #open(byte[], int, int, AeadContext)}. */
  public byte[] open(byte[] sealed, AeadContext context) throws IntegrityException {
    Objects.requireNonNull(sealed, "sealed");
    return open(sealed, 0, sealed.length, context);
  }

  /**
   * Authenticates and decrypts {@code sealed[offset, offset + length)}, which must be exactly one sealed message.
   *
   * @return a new array with the plaintext, released only after the tag matched
   * @throws IntegrityException if the data is shorter than {@link #OVERHEAD}, was modified, truncated or extended, or
   *                            was sealed under another key or for another context
   * @throws IndexOutOfBoundsException if the range is outside {@code sealed}
   */
  public byte[] open(byte[] sealed, int offset, int length, AeadContext context) throws IntegrityException {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(context, "context");
    Objects.checkFromIndexSize(offset, length, sealed.length);
    return open(sealed, offset, length, context.aad(),
        context.type() + " '" + context.id() + "' (key epoch " + context.keyEpoch() + ")");
  }

  /**
   * Authenticates and decrypts {@code sealed[offset, offset + length)} into {@code out} at {@code outOffset}, so a
   * reader of many chunks (a restore) can decrypt into one reused buffer instead of a new array per chunk. On failure
   * the candidate plaintext written to {@code out} is zeroed before the exception.
   *
   * @return the plaintext length, {@code length - OVERHEAD}
   * @throws IntegrityException as {@link #open(byte[], int, int, AeadContext)}
   * @throws IndexOutOfBoundsException if either range is outside its array
   */
  public int openInto(byte[] sealed, int offset, int length, AeadContext context, byte[] out, int outOffset)
      throws IntegrityException {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(out, "out");
    Objects.checkFromIndexSize(offset, length, sealed.length);
    String description = context.type() + " '" + context.id() + "' (key epoch " + context.keyEpoch() + ")";
    checkLength(length, description);
    Objects.checkFromIndexSize(outOffset, length - OVERHEAD, out.length);
    return openInto(sealed, offset, length, context.aad(), description, out, outOffset);
  }

  /** Opens with raw AAD bytes; package-private so known-answer tests can use published vectors. */
  byte[] open(byte[] sealed, int offset, int length, byte[] aad, String description) throws IntegrityException {
    checkLength(length, description);
    byte[] plain = new byte[length - OVERHEAD];
    openInto(sealed, offset, length, aad, description, plain, 0);
    return plain;
  }

  private static void checkLength(int length, String description) throws IntegrityException {
    if (length < OVERHEAD) {
      throw new IntegrityException("authentication failed for " + description + ": sealed data is truncated to "
          + length + " bytes, at least " + OVERHEAD + " are needed");
    }
  }

  private int openInto(byte[] sealed, int offset, int length, byte[] aad, String description, byte[] plain,
      int plainOffset) throws IntegrityException {
    int plainLength = length - OVERHEAD;
    int tagOffset = offset + NONCE_BYTES + plainLength;
    Ciphers cached = ciphers.get();
    try {
      decryptCounterMode(cached.counterMode, sealed, offset, plainLength, plain, plainOffset);
      byte[] expectedTag = recomputeTag(cached, sealed, offset, aad, plain, plainOffset, plainLength);
      byte[] actualTag = Arrays.copyOfRange(sealed, tagOffset, tagOffset + TAG_BYTES);
      if (!MessageDigest.isEqual(expectedTag, actualTag)) {
        Arrays.fill(plain, plainOffset, plainOffset + plainLength, (byte) 0);
        throw new IntegrityException("authentication failed for " + description + ": the data was modified, "
            + "truncated or extended, or it was sealed for another object, type, key epoch or key");
      }
      return plainLength;
    } catch (GeneralSecurityException e) {
      Arrays.fill(plain, plainOffset, plainOffset + plainLength, (byte) 0);
      throw new IllegalStateException("AES-GCM open failed in the JCE provider", e);
    }
  }

  /**
   * AES-CTR from GCM's first data counter block, J0 + 1 = nonce || 00 00 00 02, in slices. JCE's CTR increments all
   * 128 bits while GCM increments only the low 32; they agree because a Java array holds far fewer than 2^32 - 2 blocks.
   */
  private void decryptCounterMode(Cipher counterMode, byte[] sealed, int offset, int plainLength, byte[] plain,
      int plainOffset) throws GeneralSecurityException {
    byte[] counterBlock = new byte[16];
    System.arraycopy(sealed, offset, counterBlock, 0, NONCE_BYTES);
    counterBlock[15] = 2;
    counterMode.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(counterBlock));
    int ciphertextOffset = offset + NONCE_BYTES;
    int written = 0;
    for (int done = 0; done < plainLength; done += SLICE_BYTES) {
      written += counterMode.update(sealed, ciphertextOffset + done, Math.min(SLICE_BYTES, plainLength - done),
          plain, plainOffset + written);
    }
    written += counterMode.doFinal(plain, plainOffset + written);
    if (written != plainLength) {
      throw new IllegalStateException("AES-CTR wrote " + written + " bytes, expected " + plainLength);
    }
  }

  /** GCM-encrypts the candidate plaintext under the sealed nonce and returns the resulting tag. */
  private byte[] recomputeTag(Ciphers cached, byte[] sealed, int offset, byte[] aad, byte[] plain, int plainOffset,
      int plainLength) throws GeneralSecurityException {
    GCMParameterSpec spec = new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES);
    Cipher cipher = cached.verify;
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, spec);
    } catch (InvalidAlgorithmParameterException e) {
      // SunJCE refuses to GCM-encrypt twice in a row with the same key and nonce on one Cipher object, which is what
      // opening the same message twice on one thread asks for. A new object has no memory of the previous nonce.
      cipher = newCipher("AES/GCM/NoPadding");
      cached.verify = cipher;
      cipher.init(Cipher.ENCRYPT_MODE, key, spec);
    }
    cipher.updateAAD(aad);
    byte[] scratch = cached.scratch;
    for (int done = 0; done < plainLength; done += SLICE_BYTES) {
      cipher.update(plain, plainOffset + done, Math.min(SLICE_BYTES, plainLength - done), scratch, 0);
    }
    int last = cipher.doFinal(scratch, 0);
    return Arrays.copyOfRange(scratch, last - TAG_BYTES, last);
  }

  private static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "Aead[AES-256-GCM]";
  }

  /** One thread's cipher objects. Creating them per call costs about twice as much for small messages. */
  private static final class Ciphers {
    final Cipher seal = newCipher("AES/GCM/NoPadding");
    final Cipher counterMode = newCipher("AES/CTR/NoPadding");
    Cipher verify = newCipher("AES/GCM/NoPadding");
    // Receives the re-encrypted ciphertext while the tag is recomputed; its content is discarded.
    final byte[] scratch = new byte[SLICE_BYTES + 2 * TAG_BYTES];
  }
}
