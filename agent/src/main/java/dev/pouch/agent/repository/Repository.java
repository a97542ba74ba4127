package dev.pouch.agent.repository;

import dev.pouch.agent.chunking.ChunkerParams;
import dev.pouch.agent.compression.ChunkCompressor;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.crypto.ContentIdKey;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.KeyFile;
import dev.pouch.crypto.Keyring;
import dev.pouch.crypto.MasterKey;
import dev.pouch.crypto.WrongPasswordException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An open repository: its backend, its decrypted config and keyring, and the means to seal and read objects. Opening
 * unwraps the master key with a password (trying each key file), then decrypts {@code config}.
 *
 * <p>The keyring can change under a long-lived process ('key rotate', a copy taking over epochs), so it is re-read
 * by {@link #refreshKeyring} before each of the sidecar's jobs and before anything that writes {@code config}; a
 * stored keyring that lost keys this process holds is refused, never adopted.
 */
public final class Repository {

  /** Upper bound on small objects (config, keys, locks) read into memory, against hostile sizes. */
  static final long SMALL_OBJECT_LIMIT = 1 << 20;

  private final StorageBackend backend;
  private final MasterKey masterKey;
  private final String openedWithKeyId;
  private final RepositoryConfig config;
  private volatile Keyring keyring;
  private volatile SealedObjects objects;
  private final Clock clock;
  private final SecureRandom random;

  private Repository(StorageBackend backend, MasterKey masterKey, String openedWithKeyId, RepositoryConfig config,
      Keyring keyring, Clock clock, SecureRandom random) {
    this.backend = backend;
    this.masterKey = masterKey;
    this.openedWithKeyId = openedWithKeyId;
    this.config = config;
    this.keyring = keyring;
    this.objects = new SealedObjects(keyring);
    this.clock = clock;
    this.random = random;
  }

  /** Options of {@code init}. */
  public record InitOptions(Argon2idParams kdf, String compression, int compressionLevel, int packTargetBytes,
      String keyLabel) {
    public static InitOptions defaults(String keyLabel) {
      return new InitOptions(Argon2idParams.defaults(), "zstd", 3, 16 * 1024 * 1024, keyLabel);
    }
  }

  /** Creates a new repository. Refuses a location that already holds one. */
  public static Repository init(StorageBackend backend, char[] password, InitOptions options, Clock clock,
      SecureRandom random) throws IOException {
    if (backend.stat(RepositoryLayout.CONFIG).isPresent()) {
      throw new RepositoryExistsException("a repository already exists at " + backend.describe());
    }
    MasterKey master = MasterKey.random(random);
    Keyring keyring = Keyring.create(random);
    RepositoryConfig config = new RepositoryConfig(RepositoryConfig.FORMAT_VERSION, randomHex(random, 32),
        clock.instant(), ChunkerParams.defaults(random.nextLong()), options.compression(), options.compressionLevel(),
        options.packTargetBytes());
    String keyId = randomHex(random, 32);
    KeyFile keyFile = KeyFile.create(keyId, master, password, options.kdf(), clock.instant(), options.keyLabel(),
        random);
    // Key first: a config without a key would be unreadable; a key without a config is "no repository".
    backend.put(RepositoryLayout.key(keyId), BlobContent.of(keyFile.toBytes()), PutMode.CREATE_IF_ABSENT);
    writeConfig(backend, master, config, keyring, PutMode.CREATE_IF_ABSENT);
    return new Repository(backend, master, keyId, config, keyring, clock, random);
  }

  /**
   * Creates a repository that shares {@code primary}'s master key, keyring and chunker, so packs, indexes and
   * snapshots can be copied between them byte for byte. Its key files are copies of the primary's (same passwords).
   */
  public static Repository initCopyOf(StorageBackend backend, Repository primary) throws IOException {
    if (backend.stat(RepositoryLayout.CONFIG).isPresent()) {
      throw new RepositoryExistsException("a repository already exists at " + backend.describe());
    }
    try (Stream<BlobInfo> keys = primary.backend.list(RepositoryLayout.KEYS)) {
      for (BlobInfo info : keys.toList()) {
        byte[] bytes = readSmall(primary.backend, info.key());
        backend.put(info.key(), BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);
      }
    }
    backend.put(RepositoryLayout.CONFIG, BlobContent.of(readSmall(primary.backend, RepositoryLayout.CONFIG)),
        PutMode.CREATE_IF_ABSENT);
    return new Repository(backend, primary.masterKey, primary.openedWithKeyId, primary.config, primary.keyring,
        primary.clock, primary.random);
  }

  /** Opens an existing repository with a password. */
  public static Repository open(StorageBackend backend, char[] password, Clock clock, SecureRandom random)
      throws IOException {
    List<BlobInfo> keyInfos;
    try (Stream<BlobInfo> keys = backend.list(RepositoryLayout.KEYS)) {
      keyInfos = keys.toList();
    } catch (StorageException.ContainerMissing e) {
      throw new RepositoryNotFoundException("no repository at " + backend.describe() + ": " + e.reason(), e);
    }
    if (keyInfos.isEmpty()) {
      throw new RepositoryNotFoundException("no repository at " + backend.describe()
          + " (no keys/ found; create one with 'pouch init')");
    }
    List<String> malformed = new ArrayList<>();
    List<String> tooCostly = new ArrayList<>();
    List<KeyFile> files = new ArrayList<>();
    long memoryLimitKiB = Runtime.getRuntime().maxMemory() / 2 / 1024;
    for (BlobInfo info : keyInfos) {
      try {
        KeyFile file = KeyFile.parse(readSmall(backend, info.key()));
        if (!file.id().equals(info.key().name())) {
          // the id decides which file 'key remove' and 'key passwd' delete: a file claiming another's is not used
          malformed.add(info.key().value() + " (names key " + file.id() + ")");
          continue;
        }
        if (file.params().memoryKiB() > memoryLimitKiB) {
          tooCostly.add(info.key().value() + " (Argon2id memory " + (file.params().memoryKiB() >> 10) + " MiB)");
        } else {
          files.add(file);
        }
      } catch (IntegrityException e) {
        malformed.add(info.key().value());
      }
    }
    // Cheapest derivation first: whoever can add key files (a bucket writer) cannot make an open with the right
    // password wait for their 64-pass key files, nor exhaust the heap with a 4 GiB one (skipped above).
    files.sort(java.util.Comparator.comparingLong(f -> (long) f.params().memoryKiB() * f.params().iterations()));
    MasterKey master = null;
    String keyId = null;
    for (KeyFile file : files) {
      try {
        master = file.unwrap(password);
        keyId = file.id();
        break;
      } catch (WrongPasswordException e) {
        // try the next key file
      }
    }
    if (master == null) {
      throw new WrongPasswordException("the password opens none of the " + keyInfos.size() + " key file(s) of "
          + backend.describe() + (malformed.isEmpty() ? "" : " (unreadable: " + String.join(", ", malformed) + ")")
          + (tooCostly.isEmpty() ? "" : " (not tried, needing more than half of this JVM's "
              + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap: " + String.join(", ", tooCostly)
              + "; raise -Xmx through POUCH_JAVA_OPTS if one of them is yours)"));
    }
    byte[] stored;
    try {
      stored = readSmall(backend, RepositoryLayout.CONFIG);
    } catch (StorageException.NotFound e) {
      throw new RepositoryNotFoundException("repository at " + backend.describe()
          + " has keys but no config (an interrupted init?)", e);
    }
    ConfigDocument doc = Json.read(SealedObjects.open(master.aead(), ObjectKind.CONFIG, "config", stored),
        ConfigDocument.class, "config");
    Keyring keyring = Keyring.parse(Base64.getDecoder().decode(doc.keyring()));
    return new Repository(backend, master, keyId, doc.config(), keyring, clock, random);
  }

  /** The stored form of config: the parameters and the keyring, sealed together under the master key. */
  record ConfigDocument(RepositoryConfig config, String keyring) {}

  private static void writeConfig(StorageBackend backend, MasterKey master, RepositoryConfig config, Keyring keyring,
      PutMode mode) throws IOException {
    byte[] plain = Json.write(new ConfigDocument(config, Base64.getEncoder().encodeToString(keyring.toBytes())));
    byte[] sealed = SealedObjects.seal(master.aead(), ObjectKind.CONFIG, "config", 0, plain);
    backend.put(RepositoryLayout.CONFIG, BlobContent.of(sealed), mode);
  }

  /**
   * Starts a new key epoch: new data is sealed with a new data key; old data stays readable. Builds on the stored
   * keyring, so a rotation elsewhere since this process opened the repository is kept; the caller holds an exclusive
   * lock. Returns this repository, now sealing under the new epoch.
   */
  public synchronized Repository rotateDataKey() throws IOException {
    refreshKeyring();
    Keyring rotated = keyring.rotate(random);
    writeConfig(backend, masterKey, config, rotated, PutMode.CREATE_OR_REPLACE);
    use(rotated);
    return this;
  }

  /**
   * Takes over {@code newer}, which must extend the keyring stored now (same content-ID key, same key for every
   * epoch, possibly more epochs), and rewrites {@code config} under this repository's own master key. A copy target
   * uses it to take over epochs its primary added by rotation, so copied data sealed under them stays readable.
   * Returns this repository.
   *
   * @throws IllegalArgumentException if {@code newer} would make any existing object unreadable
   */
  public synchronized Repository adoptKeyring(Keyring newer) throws IOException {
    refreshKeyring(); // decided on what is stored, not on what this process read when it opened the repository
    if (!KeyringRelation.of(keyring, newer).secondCanOpenFirst()) {
      throw new IllegalArgumentException("the keyring of " + backend.describe() + " cannot take over keys that do "
          + "not extend its own");
    }
    writeConfig(backend, masterKey, config, newer, PutMode.CREATE_OR_REPLACE);
    use(newer);
    return this;
  }

  /**
   * Re-reads the keyring from {@code config} and uses it when it holds more than this process knows (epochs added by
   * 'key rotate' or a copy). Returns whether it changed.
   *
   * @throws IntegrityException if the stored keyring lacks a key this process holds (an older config put back, or a
   *     different repository's): adopting it would make data unreadable
   */
  public synchronized boolean refreshKeyring() throws IOException {
    Keyring stored = storedKeyring(backend, masterKey);
    KeyringRelation relation = KeyringRelation.of(keyring, stored);
    if (!relation.secondCanOpenFirst()) {
      throw new IntegrityException("the keyring in the config of " + backend.describe() + " lacks key epoch(s) "
          + (relation.onlyFirst().isEmpty() ? relation.conflicting() : relation.onlyFirst()) + " that this process "
          + "holds: config was replaced by an older or foreign one; not adopted");
    }
    if (relation.onlySecond().isEmpty() && stored.currentEpoch() == keyring.currentEpoch()) {
      return false;
    }
    use(stored);
    return true;
  }

  private void use(Keyring next) {
    objects = new SealedObjects(next);
    keyring = next;
  }

  private static Keyring storedKeyring(StorageBackend backend, MasterKey master) throws IOException {
    ConfigDocument doc = Json.read(SealedObjects.open(master.aead(), ObjectKind.CONFIG, "config",
        readSmall(backend, RepositoryLayout.CONFIG)), ConfigDocument.class, "config");
    return Keyring.parse(Base64.getDecoder().decode(doc.keyring()));
  }

  /** Reads a whole small object (config, key, lock), refusing absurd sizes. */
  public static byte[] readSmall(StorageBackend backend, BlobKey key) throws IOException {
    return readBounded(backend, key, SMALL_OBJECT_LIMIT);
  }

  /** Reads a whole object of at most {@code limit} bytes; a larger one is an integrity problem, not an OOM. */
  public static byte[] readBounded(StorageBackend backend, BlobKey key, long limit) throws IOException {
    try (InputStream in = backend.open(key)) {
      byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > limit) {
        throw new IntegrityException(key + " is larger than the " + limit + " bytes such an object can have");
      }
      return bytes;
    }
  }

  /**
   * What a read of {@code key} that ended before byte {@code end} means. When the stored object holds those bytes, the
   * read failed ({@link StorageException.Transient}: running the command again may work); when it is that short or
   * gone, the repository is damaged ({@link IntegrityException} with {@code damage}). One stat, on the error path only.
   */
  public IOException shortRead(BlobKey key, long end, String damage) throws IOException {
    Optional<BlobInfo> stored = backend.stat(key);
    if (stored.isPresent() && stored.get().sizeBytes() >= end) {
      return new StorageException.Transient("open", key, backend.describe(), "the read ended before byte " + end
          + " of the object's " + stored.get().sizeBytes() + " (a short read); run the command again", null);
    }
    return new IntegrityException(damage);
  }

  static String randomHex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public StorageBackend backend() {
    return backend;
  }

  public RepositoryConfig config() {
    return config;
  }

  public Keyring keyring() {
    return keyring;
  }

  public SealedObjects objects() {
    return objects;
  }

  public ContentIdKey contentIdKey() {
    return keyring.contentIdKey();
  }

  public ChunkCompressor compressor() {
    return config.compression().equals("zstd") ? ChunkCompressor.zstd(config.compressionLevel())
        : ChunkCompressor.none();
  }

  public Clock clock() {
    return clock;
  }

  public SecureRandom random() {
    return random;
  }

  /** The key file this repository was opened with (marked in {@code key list}). */
  public String openedWithKeyId() {
    return openedWithKeyId;
  }

  MasterKey masterKey() {
    return masterKey;
  }
}
