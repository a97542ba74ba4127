package dev.pouch.agent.drill;

import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The drill history: one sealed JSON object per drill under {@code drills/<UTC time>-<16 hex>}. Appending writes a
 * new object with create-if-absent, so concurrent drills never overwrite each other and nothing is read-modified-
 * written. The envelope's context binds each record to its name (docs/repository-format.md).
 */
public final class DrillHistory {

  public static final String PREFIX = "drills/";
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Repository repository;

  public DrillHistory(Repository repository) {
    this.repository = repository;
  }

  /** The drills that could be read, oldest first, and the objects that could not. */
  public record Listing(List<DrillRecord> drills, List<String> unreadable) {}

  /** A new, unique record id: the start time (sortable) and random digits. */
  public String newId(java.time.Instant started) {
    byte[] r = new byte[8];
    repository.random().nextBytes(r);
    return NAME_TIME.format(started) + "-" + HexFormat.of().formatHex(r);
  }

  public void append(DrillRecord record) throws IOException {
    BlobKey key = BlobKey.of(PREFIX + record.id());
    byte[] sealed = repository.objects().seal(ObjectKind.DRILL, key.value(), Json.write(record));
    repository.backend().put(key, BlobContent.of(sealed), PutMode.CREATE_IF_ABSENT);
  }

  public Listing list() throws IOException {
    List<BlobInfo> infos;
    try (Stream<BlobInfo> s = repository.backend().list(PREFIX)) {
      infos = s.toList();
    }
    List<DrillRecord> drills = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (BlobInfo info : infos) {
      try {
        byte[] plain = repository.objects().open(ObjectKind.DRILL, info.key().value(),
            Repository.readSmall(repository.backend(), info.key()));
        drills.add(Json.read(plain, DrillRecord.class, info.key().value()));
      } catch (IntegrityException | StorageException.NotFound e) {
        unreadable.add(info.key().value() + ": " + e.getMessage());
      }
    }
    drills.sort(Comparator.comparing(DrillRecord::started).thenComparing(DrillRecord::id));
    return new Listing(drills, unreadable);
  }
}
