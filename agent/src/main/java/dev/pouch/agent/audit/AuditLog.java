package dev.pouch.agent.audit;

import com.github.luben.zstd.Zstd;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes and lists audit records. Names sort by time ({@code audit/20261125T120000.123Z-<16 hex>}); the random part
 * keeps two commands in the same millisecond apart. Each record is sealed (kind {@code audit}) with its name in the
 * AEAD context, so a record cannot be altered or moved to another name without detection. Deleting records is
 * still possible for whoever can write to the storage: the trail shows what pouch did, it does not stop an
 * attacker with storage credentials (object lock does that).
 */
public final class AuditLog {

  static final long READ_LIMIT = 64L << 20;
  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final Repository repository;

  public AuditLog(Repository repository) {
    this.repository = repository;
  }

  /** A record and its name. */
  public record Entry(String name, AuditRecord record) {}

  /** A record that failed to authenticate or parse. */
  public record Unreadable(String name, String reason) {}

  /** Every readable record, oldest first, and the unreadable ones. */
  public record Listing(List<Entry> entries, List<Unreadable> unreadable) {}

  /** Stores a record; returns its name. Never overwrites. */
  public String write(AuditRecord record) throws IOException {
    byte[] suffix = new byte[8];
    repository.random().nextBytes(suffix);
    String name = NAME_TIME.format(record.time()) + "-" + HexFormat.of().formatHex(suffix);
    byte[] plain = Json.write(record);
    byte[] sealed = repository.objects().seal(ObjectKind.AUDIT, name, Zstd.compress(plain, 3));
    repository.backend().put(key(name), BlobContent.of(sealed), PutMode.CREATE_IF_ABSENT);
    return name;
  }

  /**
   * Deletes {@code keys} in order with the trail written around it: a {@link AuditRecord.Phase#STARTED} record
   * listing them first, and if a deletion fails, a {@link AuditRecord.Phase#FAILED} record naming those already
   * deleted before the error is rethrown. Deletion is idempotent, so repeating a failed command is safe.
   */
  public void deleteRecorded(Actor actor, String command, List<String> snapshots, List<BlobKey> keys, String note)
      throws IOException {
    if (keys.isEmpty()) {
      return;
    }
    write(new AuditRecord(AuditRecord.VERSION, repository.clock().instant(), actor, command,
        AuditRecord.Phase.STARTED, snapshots, keys.stream().map(BlobKey::value).toList(), note));
    List<String> deleted = new ArrayList<>();
    try {
      for (BlobKey key : keys) {
        repository.backend().delete(key);
        deleted.add(key.value());
      }
    } catch (IOException | RuntimeException e) {
      try {
        write(new AuditRecord(AuditRecord.VERSION, repository.clock().instant(), actor, command,
            AuditRecord.Phase.FAILED, List.of(), deleted, "stopped after " + deleted.size() + " of " + keys.size()
            + " deletions: " + e.getMessage()));
      } catch (IOException | RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  public Listing list() throws IOException {
    List<BlobInfo> infos;
    try (Stream<BlobInfo> s = repository.backend().list(RepositoryLayout.AUDIT)) {
      infos = s.toList();
    }
    List<Entry> entries = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    for (BlobInfo info : infos) {
      String name = info.key().name();
      try {
        entries.add(new Entry(name, read(name)));
      } catch (IntegrityException | StorageException.NotFound e) {
        unreadable.add(new Unreadable(name, e.getMessage()));
      }
    }
    return new Listing(entries, unreadable);
  }

  public AuditRecord read(String name) throws IOException {
    byte[] stored = Repository.readBounded(repository.backend(), key(name), READ_LIMIT);
    byte[] packed = repository.objects().open(ObjectKind.AUDIT, name, stored);
    long rawSize = Zstd.getFrameContentSize(packed);
    if (rawSize < 0 || rawSize > READ_LIMIT) {
      throw new IntegrityException("audit record " + name + " declares " + rawSize + " bytes");
    }
    return Json.read(Zstd.decompress(packed, (int) rawSize), AuditRecord.class, "audit record " + name);
  }

  static BlobKey key(String name) {
    return BlobKey.of(RepositoryLayout.AUDIT + name);
  }
}
