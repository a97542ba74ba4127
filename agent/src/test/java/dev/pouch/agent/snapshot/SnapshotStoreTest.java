package dev.pouch.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotStoreTest {

  private static Snapshot snapshot(Instant time, String host, List<String> tags, int files) {
    List<FileEntry> entries = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      entries.add(new FileEntry(i + ".sst", EntryType.FILE, 0644, time, 10, List.of("ab".repeat(32)), null, 1L,
          1L));
    }
    return new Snapshot(Snapshot.VERSION, time, host, "/data", null, tags, entries, null,
        JsonNodeFactory.instance.objectNode().put("proof", "x"));
  }

  @Test
  void headersHoldWhatTheFullSnapshotsHoldAndReportTheUnreadableOnes() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    SnapshotStore store = new SnapshotStore(repo);
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    store.write(snapshot(t.plusSeconds(60), "db-1", List.of("daily"), 500));
    store.write(snapshot(t, "db-0", List.of(), 3));
    store.write(snapshot(t.plusSeconds(30), "db-0", List.of("a", "b"), 0));
    SnapshotId broken = store.write(snapshot(t.plusSeconds(90), "db-0", List.of(), 1));
    byte[] sealed;
    try (var in = backend.open(RepositoryLayout.snapshot(broken))) {
      sealed = in.readAllBytes();
    }
    sealed[sealed.length / 2] ^= 1;
    backend.delete(RepositoryLayout.snapshot(broken));
    backend.put(RepositoryLayout.snapshot(broken), BlobContent.of(sealed), PutMode.CREATE_IF_ABSENT);

    SnapshotStore.Headers headers = store.headers();
    List<SnapshotStore.Header> fromFull = store.list().snapshots().stream()
        .map(s -> SnapshotStore.Header.of(s.id(), s.snapshot())).toList();
    assertThat(headers.snapshots()).isEqualTo(fromFull);
    assertThat(headers.snapshots()).extracting(SnapshotStore.Header::host).containsExactly("db-0", "db-0", "db-1");
    assertThat(headers.snapshots().get(1).tags()).containsExactly("a", "b");
    assertThat(headers.unreadable()).extracting(SnapshotStore.Unreadable::id).containsExactly(broken);
  }
}
