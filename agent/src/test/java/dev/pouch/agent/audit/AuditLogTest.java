package dev.pouch.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  private static final Actor ACTOR = new Actor("ops", "db-0", 7);

  private static AuditRecord record(Instant time, List<String> objects) {
    return new AuditRecord(AuditRecord.VERSION, time, ACTOR, "prune", AuditRecord.Phase.DONE, List.of("ab"),
        objects, "why");
  }

  @Test
  void recordsRoundTripInTimeOrder() throws Exception {
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    AuditLog log = new AuditLog(repo);
    String later = log.write(record(Instant.parse("2026-01-02T00:00:00Z"), List.of("data/aa/x")));
    String earlier = log.write(record(Instant.parse("2026-01-01T00:00:00Z"), List.of("data/bb/y")));
    assertThat(earlier).startsWith("20260101T000000.000Z-");
    AuditLog.Listing listing = log.list();
    assertThat(listing.entries()).extracting(AuditLog.Entry::name).containsExactly(earlier, later);
    assertThat(listing.entries().get(1).record()).isEqualTo(record(Instant.parse("2026-01-02T00:00:00Z"),
        List.of("data/aa/x")));
  }

  @Test
  void aRecordMovedOrAlteredIsUnreadable() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    AuditLog log = new AuditLog(repo);
    String name = log.write(record(Instant.parse("2026-01-02T00:00:00Z"), List.of()));
    byte[] bytes;
    try (InputStream in = backend.open(AuditLog.key(name))) {
      bytes = in.readAllBytes();
    }
    backend.put(AuditLog.key("20200101T000000.000Z-0000000000000000"), BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);
    bytes[bytes.length - 1] ^= 1;
    backend.put(AuditLog.key(name), BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    AuditLog.Listing listing = log.list();
    assertThat(listing.entries()).isEmpty();
    assertThat(listing.unreadable()).hasSize(2);
  }

  @Test
  void aDeletionThatFailsPartWayLeavesStartedAndFailedRecords() throws Exception {
    MemoryStorageBackend memory = MemoryStorageBackend.create();
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(memory)
        .inject(When.nth(StorageOperation.DELETE, 2), new Fault.Fail(Failure.ACCESS_DENIED)).build();
    Repository repo = TestRepositories.init(faulty);
    List<BlobKey> keys = List.of(BlobKey.of("snapshots/a"), BlobKey.of("snapshots/b"), BlobKey.of("snapshots/c"));
    for (BlobKey k : keys) {
      memory.put(k, BlobContent.of(new byte[] {1}), PutMode.CREATE_IF_ABSENT);
    }
    AuditLog log = new AuditLog(repo);
    assertThatThrownBy(() -> log.deleteRecorded(ACTOR, "forget", List.of("a", "b", "c"), keys, "test"))
        .isInstanceOf(StorageException.AccessDenied.class);
    List<AuditRecord> records = log.list().entries().stream().map(AuditLog.Entry::record).toList();
    assertThat(records).extracting(AuditRecord::phase)
        .containsExactlyInAnyOrder(AuditRecord.Phase.STARTED, AuditRecord.Phase.FAILED);
    AuditRecord failed = records.stream().filter(r -> r.phase() == AuditRecord.Phase.FAILED).findFirst()
        .orElseThrow();
    assertThat(failed.objects()).containsExactly("snapshots/a");
    assertThat(failed.note()).contains("stopped after 1 of 3");
    assertThat(memory.stat(keys.get(2))).isPresent();
  }

  @Test
  void nothingToDeleteWritesNoRecord() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    new AuditLog(repo).deleteRecorded(ACTOR, "prune", List.of(), List.of(), "nothing");
    assertThat(new AuditLog(repo).list().entries()).isEmpty();
  }
}
