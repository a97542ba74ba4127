package dev.pouch.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository's data keys: one AES-256 key per key epoch, plus the HMAC key for content ids. Immutable and
 * thread-safe; {@link #rotate} and {@link #withoutEpochs} return new keyrings.
 *
 * <p>Invariants: epochs are {@code >= 1}; the current epoch is always the highest one; the content-id key never
 * changes, because content ids must stay stable for deduplication across rotations.
 *
 * <p>{@link #toBytes()} holds every key in the clear: the agent seals it with the master key and zeroes it after use.
 * Binary format, version 1 (integers unsigned big-endian; nothing may follow the last entry):
 * <pre>
 * size  field
 *  4    magic "PCKR" (ASCII)
 *  1    version = 1
 *  4    current epoch (must equal the highest entry's epoch)
 * 32    content-id (HMAC-SHA256) key
 *  4    entry count N (>= 1; exactly N entries must follow)
 * N x   entry: 4 epoch (>= 1, strictly ascending), 32 AES-256 key
 * </pre>
 */
public final class Keyring {
  private static final byte[] MAGIC = "PCKR".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int HEADER_BYTES = 4 + 1 + 4 + SymmetricKey.BYTES + 4;
  private static final int ENTRY_BYTES = 4 + SymmetricKey.BYTES;

  private final SortedMap<Integer, SymmetricKey> dataKeys;
  private final SymmetricKey contentIdSecret;
  private final ContentIdKey contentIdKey;
  // Built on first use per epoch: a keyring may hold many old epochs that are never read.
  private final Map<Integer, Aead> aeads = new ConcurrentHashMap<>();

  private Keyring(SortedMap<Integer, SymmetricKey> dataKeys, SymmetricKey contentIdSecret) {
    this.dataKeys = Collections.unmodifiableSortedMap(new TreeMap<>(dataKeys));
    this.contentIdSecret = contentIdSecret;
    this.contentIdKey = ContentIdKey.of(contentIdSecret);
  }

  /** A new keyring with epoch 1 and a content-id key, all from {@code rng}. */
  public static Keyring create(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    SortedMap<Integer, SymmetricKey> keys = new TreeMap<>();
    keys.put(1, SymmetricKey.random(rng));
    return new Keyring(keys, SymmetricKey.random(rng));
  }

  /**
   * A new keyring with every epoch of this one plus a fresh key for epoch {@code currentEpoch() + 1}, which becomes
   * current. The content-id key is kept. This keyring is unchanged.
   */
  public Keyring rotate(SecureRandom rng) {
    Objects.requireNonNull(rng, "rng");
    int current = currentEpoch();
    if (current == Integer.MAX_VALUE) {
      throw new IllegalStateException("key epochs are exhausted at " + current);
    }
    SortedMap<Integer, SymmetricKey> keys = new TreeMap<>(dataKeys);
    keys.put(current + 1, SymmetricKey.random(rng));
    return new Keyring(keys, contentIdSecret);
  }

  /** The epoch new data is sealed under: the highest epoch. */
  public int currentEpoch() {
    return dataKeys.lastKey();
  }

  /** Every epoch this keyring can open, ascending; an unmodifiable copy. */
  public SortedSet<Integer> epochs() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(dataKeys.keySet()));
  }

  /**
   * AES-256-GCM under the key of {@code epoch}.
   *
   * @throws IntegrityException naming the epoch if this keyring has no key for it (unknown, or dropped by
   *                            {@link #withoutEpochs})
   */
  public Aead aead(int epoch) throws IntegrityException {
    SymmetricKey key = dataKeys.get(epoch);
    if (key == null) {
      throw new IntegrityException("no data key for key epoch " + epoch + "; this keyring holds epochs "
          + dataKeys.keySet());
    }
    return aeads.computeIfAbsent(epoch, e -> Aead.of(key));
  }

  /** AES-256-GCM under the current epoch's key; seal with {@code keyEpoch = currentEpoch()} in the context. */
  public Aead currentAead() {
    int current = currentEpoch();
    return aeads.computeIfAbsent(current, e -> Aead.of(dataKeys.get(current)));
  }

  /** The content-id key, the same for every epoch. */
  public ContentIdKey contentIdKey() {
    return contentIdKey;
  }

  /**
   * A new keyring without the given epochs, for after the data of old epochs has been re-encrypted. Epochs this
   * keyring does not hold are ignored, so repeating the call is harmless.
   *
   * @throws IllegalArgumentException if {@code epochs} contains the current epoch
   */
  public Keyring withoutEpochs(Set<Integer> epochs) {
    Objects.requireNonNull(epochs, "epochs");
    if (epochs.contains(currentEpoch())) {
      throw new IllegalArgumentException("refusing to drop the current key epoch " + currentEpoch()
          + "; rotate first");
    }
    SortedMap<Integer, SymmetricKey> keys = new TreeMap<>(dataKeys);
    keys.keySet().removeAll(epochs);
    return new Keyring(keys, contentIdSecret);
  }

  /** The version 1 binary form described in the class comment; contains every key in the clear. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + dataKeys.size() * ENTRY_BYTES)
        .put(MAGIC)
        .put((byte) VERSION)
        .putInt(currentEpoch());
    putKey(out, contentIdSecret);
    out.putInt(dataKeys.size());
    for (Map.Entry<Integer, SymmetricKey> entry : dataKeys.entrySet()) {
      out.putInt(entry.getKey());
      putKey(out, entry.getValue());
    }
    return out.array();
  }

  private static void putKey(ByteBuffer out, SymmetricKey key) {
    byte[] bytes = key.copyBytes();
    out.put(bytes);
    Arrays.fill(bytes, (byte) 0);
  }

  /**
   * Parses the binary form.
   *
   * @throws IntegrityException for anything but a well-formed version 1 keyring (wrong magic or version, truncation,
   *                            trailing bytes, entry count not matching the length, epochs not ascending or below 1,
   *                            current epoch not the highest)
   */
  public static Keyring parse(byte[] bytes) throws IntegrityException {
    Objects.requireNonNull(bytes, "bytes");
    BinaryReader reader = new BinaryReader(bytes, "keyring");
    reader.expectMagic(MAGIC);
    int version = reader.u8("version");
    if (version != VERSION) {
      throw reader.malformed("unsupported version " + version + ", this build reads version " + VERSION);
    }
    int current = reader.u32InRange("current epoch", 1, Integer.MAX_VALUE);
    SymmetricKey contentIdSecret = readKey(reader, "content-id key");
    int count = reader.u32InRange("entry count", 1, Integer.MAX_VALUE);
    long expectedLength = HEADER_BYTES + (long) count * ENTRY_BYTES;
    if (expectedLength != bytes.length) {
      throw reader.malformed(count + " entries need " + expectedLength + " bytes in total, got " + bytes.length);
    }
    SortedMap<Integer, SymmetricKey> keys = new TreeMap<>();
    int previous = 0;
    for (int i = 0; i < count; i++) {
      int epoch = reader.u32InRange("epoch of entry " + i, 1, Integer.MAX_VALUE);
      if (epoch <= previous) {
        throw reader.malformed("epoch " + epoch + " of entry " + i + " does not follow " + previous);
      }
      keys.put(epoch, readKey(reader, "key of epoch " + epoch));
      previous = epoch;
    }
    reader.expectEnd();
    if (current != previous) {
      throw reader.malformed("current epoch " + current + " is not the highest epoch " + previous);
    }
    return new Keyring(keys, contentIdSecret);
  }

  private static SymmetricKey readKey(BinaryReader reader, String field) throws IntegrityException {
    byte[] bytes = reader.bytes(SymmetricKey.BYTES, field);
    try {
      return SymmetricKey.of(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "Keyring[currentEpoch=" + currentEpoch() + ", epochs=" + dataKeys.keySet() + "]";
  }
}
