package dev.pouch.agent.repository;

import dev.pouch.crypto.Argon2idParams;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.crypto.KeyFile;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Passwords of a repository: each is one key file wrapping the same master key. */
public final class KeyService {

  private final Repository repository;

  public KeyService(Repository repository) {
    this.repository = repository;
  }

  /** One key file as listed; never any key material. */
  public record KeyEntry(String id, Instant created, String label, boolean current) {}

  public List<KeyEntry> list() throws IOException {
    List<KeyEntry> entries = new ArrayList<>();
    try (Stream<BlobInfo> keys = repository.backend().list(RepositoryLayout.KEYS)) {
      for (BlobInfo info : keys.toList()) {
        KeyFile file = KeyFile.parse(Repository.readSmall(repository.backend(), info.key()));
        if (!file.id().equals(info.key().name())) {
          throw new IntegrityException(info.key() + " holds a key file that names itself " + file.id() + ": not a "
              + "key file pouch wrote there; remove that object by hand after checking it");
        }
        entries.add(new KeyEntry(file.id(), file.created(), file.label(),
            file.id().equals(repository.openedWithKeyId())));
      }
    }
    return entries;
  }

  /** Adds a password; returns the new key file's id. */
  public String add(char[] newPassword, String label, Argon2idParams kdf) throws IOException {
    String id = Repository.randomHex(repository.random(), 32);
    KeyFile file = KeyFile.create(id, repository.masterKey(), newPassword, kdf, repository.clock().instant(), label,
        repository.random());
    repository.backend().put(RepositoryLayout.key(id), BlobContent.of(file.toBytes()), PutMode.CREATE_IF_ABSENT);
    return id;
  }

  /**
   * Removes a key file by id or unique id prefix. Refuses to remove the last one (the repository would become
   * unreadable) and the one in use (use {@link #changePassword} for that).
   */
  public String remove(String idOrPrefix) throws IOException {
    List<KeyEntry> all = list();
    List<KeyEntry> matches = all.stream().filter(k -> k.id().startsWith(idOrPrefix)).toList();
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("no key matches '" + idOrPrefix + "'; see 'pouch key list'");
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException("'" + idOrPrefix + "' matches " + matches.size() + " keys; give more digits");
    }
    KeyEntry target = matches.get(0);
    if (all.size() == 1) {
      throw new IllegalStateException("refusing to remove the last key: the repository would become unreadable");
    }
    if (target.current()) {
      throw new IllegalStateException("refusing to remove the key in use; open with another password first, or use "
          + "'pouch key passwd'");
    }
    repository.backend().delete(RepositoryLayout.key(target.id()));
    return target.id();
  }

  /** Replaces the password in use: adds a new key file, then removes the one the repository was opened with. */
  public String changePassword(char[] newPassword, Argon2idParams kdf) throws IOException {
    KeyFile current;
    try {
      current = KeyFile.parse(Repository.readSmall(repository.backend(),
          RepositoryLayout.key(repository.openedWithKeyId())));
    } catch (IntegrityException e) {
      throw new IntegrityException("the key file in use is unreadable: " + e.getMessage());
    }
    String id = add(newPassword, current.label(), kdf);
    repository.backend().delete(RepositoryLayout.key(repository.openedWithKeyId()));
    return id;
  }
}
