package dev.pouch.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One password's wrapping of the {@link MasterKey}: Argon2id(password, salt, params) gives a key-encryption key, which
 * seals the 32 master key bytes with {@code AeadContext("keyfile", id, 0)}. Several key files (passwords) wrap the same
 * master key, so passwords can be added and removed without touching data.
 *
 * <p>What is authenticated: the sealed master key, and through the KEK and the AAD also {@code params}, {@code salt}
 * and {@code id} (changing any of them makes unwrapping fail). {@code created} and {@code label} are informational and
 * NOT authenticated; do not make decisions on them.
 *
 * <p>Binary format, version 1 (integers unsigned big-endian unless noted; nothing may follow the last field):
 * <pre>
 * size  field
 *  4    magic "PCHK" (ASCII)
 *  1    version = 1
 *  4    Argon2id memory in KiB       (8 * parallelism .. 4 194 304)
 *  4    Argon2id iterations          (1..64)
 *  4    Argon2id parallelism         (1..64)
 *  1    salt length S                (8..64; create() uses 16)
 *  S    salt
 *  2    id length I                  (1..256)
 *  I    id, UTF-8
 *  8    created, seconds since the epoch (signed)
 *  4    created, nanosecond adjustment (0..999 999 999)
 *  2    label length L               (0..1024)
 *  L    label, UTF-8
 *  1    sealed master key length = 60
 * 60    sealed master key: nonce (12) || AES-256-GCM ciphertext (32) || tag (16)
 * </pre>
 *
 * <p>Arrays are copied in and out, so instances are immutable and thread-safe.
 *
 * @param id              key file id (e.g. the name under {@code keys/}); 1..256 bytes of UTF-8
 * @param params          Argon2id cost
 * @param salt            Argon2id salt, 8..64 bytes
 * @param sealedMasterKey the sealed master key, 60 bytes
 * @param created         when the key file was made (informational)
 * @param label           free text such as a user or host name, 0..1024 bytes of UTF-8 (informational)
 */
public record KeyFile(String id, Argon2idParams params, byte[] salt, byte[] sealedMasterKey, Instant created,
                      String label) {
  /** Salt length used by {@link #create}. */
  public static final int SALT_BYTES = 16;
  static final int MIN_SALT_BYTES = 8;
  static final int MAX_SALT_BYTES = 64;
  static final int MAX_ID_BYTES = 256;
  static final int MAX_LABEL_BYTES = 1024;
  static final int SEALED_MASTER_KEY_BYTES = SymmetricKey.BYTES + Aead.OVERHEAD;
  static final String CONTEXT_TYPE = "keyfile";
  private static final byte[] MAGIC = "PCHK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /** Validates every field against the limits of the binary format; throws IllegalArgumentException. */
  public KeyFile {
    checkId(id);
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(sealedMasterKey, "sealedMasterKey");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(label, "label");
    if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
      throw new IllegalArgumentException("key file salt must be " + MIN_SALT_BYTES + ".." + MAX_SALT_BYTES
          + " bytes, got " + salt.length);
    }
    if (sealedMasterKey.length != SEALED_MASTER_KEY_BYTES) {
      throw new IllegalArgumentException("sealed master key must be " + SEALED_MASTER_KEY_BYTES + " bytes, got "
          + sealedMasterKey.length);
    }
    int labelBytes = StrictUtf8.encode(label, "key file label").length;
    if (labelBytes > MAX_LABEL_BYTES) {
      throw new IllegalArgumentException("key file label must be at most " + MAX_LABEL_BYTES + " bytes of UTF-8, got "
          + labelBytes);
    }
    salt = salt.clone();
    sealedMasterKey = sealedMasterKey.clone();
  }

  private static byte[] checkId(String id) {
    Objects.requireNonNull(id, "id");
    byte[] idBytes = StrictUtf8.encode(id, "key file id");
    if (idBytes.length < 1 || idBytes.length > MAX_ID_BYTES) {
      throw new IllegalArgumentException("key file id must be 1.." + MAX_ID_BYTES + " bytes of UTF-8, got "
          + idBytes.length);
    }
    return idBytes;
  }

  /**
   * Wraps {@code master} under {@code password} with a fresh 16-byte salt from {@code rng}. Runs Argon2id once, so it
   * takes as long as one unwrap. The caller keeps (and should zero) {@code password}.
   *
   * @throws IllegalArgumentException for an empty password, a password that is not well-formed UTF-16, or a field
   *                                  outside the format's limits
   */
  public static KeyFile create(String id, MasterKey master, char[] password, Argon2idParams params, Instant created,
                               String label, SecureRandom rng) {
    checkId(id);
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(rng, "rng");
    if (password.length == 0) {
      throw new IllegalArgumentException("refusing to wrap the master key under an empty password");
    }
    byte[] salt = new byte[SALT_BYTES];
    rng.nextBytes(salt);
    SymmetricKey keyEncryptionKey = Argon2id.deriveKey(password, salt, params);
    byte[] masterBytes = master.key().copyBytes();
    try {
      byte[] sealed = Aead.of(keyEncryptionKey).seal(masterBytes, context(id));
      return new KeyFile(id, params, salt, sealed, created, label);
    } finally {
      keyEncryptionKey.destroy();
      Arrays.fill(masterBytes, (byte) 0);
    }
  }

  /**
   * Derives the key-encryption key from {@code password} (one Argon2id run, memory as in {@link #params()}) and opens
   * the master key. The caller keeps (and should zero) {@code password}.
   *
   * @throws WrongPasswordException if the password is wrong or the key file was damaged (the two look alike)
   * @throws IllegalArgumentException if the password is not well-formed UTF-16
   */
  public MasterKey unwrap(char[] password) throws WrongPasswordException {
    Objects.requireNonNull(password, "password");
    SymmetricKey keyEncryptionKey = Argon2id.deriveKey(password, salt, params);
    byte[] masterBytes = null;
    try {
      masterBytes = Aead.of(keyEncryptionKey).open(sealedMasterKey, context(id));
      return MasterKey.of(SymmetricKey.of(masterBytes));
    } catch (IntegrityException e) {
      throw new WrongPasswordException("wrong password for key file '" + id + "' (or the key file is damaged)", e);
    } finally {
      keyEncryptionKey.destroy();
      if (masterBytes != null) {
        Arrays.fill(masterBytes, (byte) 0);
      }
    }
  }

  private static AeadContext context(String id) {
    return new AeadContext(CONTEXT_TYPE, id, 0);
  }

  /** A copy of the salt. */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** A copy of the sealed master key. */
  @Override
  public byte[] sealedMasterKey() {
    return sealedMasterKey.clone();
  }

  /** The version 1 binary form described in the class comment. */
  public byte[] toBytes() {
    byte[] idBytes = StrictUtf8.encode(id, "key file id");
    byte[] labelBytes = StrictUtf8.encode(label, "key file label");
    int size = MAGIC.length + 1 + 4 + 4 + 4 + 1 + salt.length + 2 + idBytes.length + 8 + 4 + 2 + labelBytes.length
        + 1 + sealedMasterKey.length;
    return ByteBuffer.allocate(size)
        .put(MAGIC)
        .put((byte) VERSION)
        .putInt(params.memoryKiB())
        .putInt(params.iterations())
        .putInt(params.parallelism())
        .put((byte) salt.length)
        .put(salt)
        .putShort((short) idBytes.length)
        .put(idBytes)
        .putLong(created.getEpochSecond())
        .putInt(created.getNano())
        .putShort((short) labelBytes.length)
        .put(labelBytes)
        .put((byte) sealedMasterKey.length)
        .put(sealedMasterKey)
        .array();
  }

  /**
   * Parses the binary form. Every length is checked against the remaining input and the format's limits before
   * anything is allocated, so hostile input costs at most a copy of itself.
   *
   * @throws IntegrityException for anything but a well-formed version 1 key file (wrong magic or version, truncation,
   *                            trailing bytes, out-of-range parameters or lengths, malformed UTF-8)
   */
  public static KeyFile parse(byte[] bytes) throws IntegrityException {
    Objects.requireNonNull(bytes, "bytes");
    BinaryReader reader = new BinaryReader(bytes, "key file");
    reader.expectMagic(MAGIC);
    int version = reader.u8("version");
    if (version != VERSION) {
      throw reader.malformed("unsupported version " + version + ", this build reads version " + VERSION);
    }
    int memoryKiB = reader.u32InRange("Argon2id memory", 8, Argon2idParams.MAX_MEMORY_KIB);
    int iterations = reader.u32InRange("Argon2id iterations", 1, Argon2idParams.MAX_ITERATIONS);
    int parallelism = reader.u32InRange("Argon2id parallelism", 1, Argon2idParams.MAX_PARALLELISM);
    int saltLength = reader.u8("salt length");
    if (saltLength < MIN_SALT_BYTES || saltLength > MAX_SALT_BYTES) {
      throw reader.malformed("salt length " + saltLength + " outside " + MIN_SALT_BYTES + ".." + MAX_SALT_BYTES);
    }
    byte[] salt = reader.bytes(saltLength, "salt");
    int idLength = reader.u16("id length");
    if (idLength < 1 || idLength > MAX_ID_BYTES) {
      throw reader.malformed("id length " + idLength + " outside 1.." + MAX_ID_BYTES);
    }
    String id = reader.utf8(idLength, "id");
    long createdSeconds = reader.i64("created seconds");
    int createdNanos = reader.u32InRange("created nanoseconds", 0, 999_999_999);
    int labelLength = reader.u16("label length");
    if (labelLength > MAX_LABEL_BYTES) {
      throw reader.malformed("label length " + labelLength + " above " + MAX_LABEL_BYTES);
    }
    String label = reader.utf8(labelLength, "label");
    int sealedLength = reader.u8("sealed master key length");
    if (sealedLength != SEALED_MASTER_KEY_BYTES) {
      throw reader.malformed("sealed master key length " + sealedLength + ", expected " + SEALED_MASTER_KEY_BYTES);
    }
    byte[] sealed = reader.bytes(sealedLength, "sealed master key");
    reader.expectEnd();
    try {
      Instant created = Instant.ofEpochSecond(createdSeconds, createdNanos);
      return new KeyFile(id, new Argon2idParams(memoryKiB, iterations, parallelism), salt, sealed, created, label);
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      throw new IntegrityException("key file is malformed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyFile that
        && id.equals(that.id)
        && params.equals(that.params)
        && Arrays.equals(salt, that.salt)
        && Arrays.equals(sealedMasterKey, that.sealedMasterKey)
        && created.equals(that.created)
        && label.equals(that.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, params, Arrays.hashCode(salt), Arrays.hashCode(sealedMasterKey), created, label);
  }

  @Override
  public String toString() {
    return "KeyFile[id=" + id + ", params=" + params + ", created=" + created + ", label=" + label + "]";
  }
}
