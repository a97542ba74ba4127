package dev.pouch.bench.prune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PouchRepositoryBuilderTest {

  private static final char[] PASSWORD = "bench".toCharArray();

  @Test
  void buildsARepositoryTheAgentReadsBack(@TempDir Path dir) throws Exception {
    RepositoryShape shape = new RepositoryShape(6, 40, 2, 4, 64, 16, 0.2, 0.8, 2);
    List<Integer> progress = new ArrayList<>();

    PouchRepositoryBuilder.Built built = new PouchRepositoryBuilder(shape, 3).build(dir.resolve("repo"), PASSWORD,
        progress::add);

    assertThat(built.snapshots()).isEqualTo(6);
    assertThat(built.chunks()).isEqualTo(40 + 5 * 2);
    assertThat(built.packs()).isEqualTo(shape.packs()).isEqualTo(3 + 5);
    assertThat(built.indexObjects()).isEqualTo(6);
    try (LocalStorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(dir.resolve("repo")))) {
      Repository repository = Repository.open(backend, PASSWORD, Clock.systemUTC(), new SecureRandom());
      SnapshotStore.Listing listing = new SnapshotStore(repository).list();
      assertThat(listing.snapshots()).hasSize(6);
      assertThat(listing.unreadable()).isEmpty();
      IndexStore.Loaded index = new IndexStore(repository).loadAll();
      assertThat(index.names()).hasSize(6);
      assertThat(index.index().size()).isEqualTo(50);
      SnapshotStore.Stored newest = listing.snapshots().get(5);
      assertThat(newest.snapshot().files()).hasSize(4);
      assertThat(newest.snapshot().parent()).isEqualTo(listing.snapshots().get(4).id().hex());
      List<String> chunks = newest.snapshot().files().stream().flatMap(f -> f.chunks().stream()).toList();
      assertThat(chunks).hasSize(40).doesNotHaveDuplicates();
      assertThat(chunks).allSatisfy(hex -> assertThat(index.index().contains(ChunkId.parse(hex))).isTrue());
      assertThat(newest.snapshot().files()).extracting(FileEntry::size).containsOnly(10L * 64);
    }
  }
}
