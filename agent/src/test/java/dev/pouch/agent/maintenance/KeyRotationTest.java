package dev.pouch.agent.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {

  @TempDir Path tmp;

  private static Set<Integer> packEpochs(Repository repo) throws Exception {
    Set<Integer> epochs = new TreeSet<>();
    IndexStore store = new IndexStore(repo);
    for (String name : store.loadAll().names()) {
      store.read(name).stream().map(PackContents::epoch).forEach(epochs::add);
    }
    return epochs;
  }

  @Test
  void snapshotsFromBeforeAndAfterRotationRestoreAndSurviveRewritingOldEpochs() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    SnapshotHistory history = new SnapshotHistory(tmp);
    Path src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("old.sst"), 400_000, 1);
    Repository repo = TestRepositories.init(backend);
    history.backup(repo, src);

    Repository rotated = new KeyRotation(repo, new LockService(repo, "test-host", 1)).rotate();
    assertThat(rotated.keyring().currentEpoch()).isEqualTo(2);
    Repository reopened = TestRepositories.open(backend);
    assertThat(reopened.keyring().epochs()).containsExactly(1, 2);

    BackupRestoreTest.writeRandom(src.resolve("new.sst"), 400_000, 2);
    history.backup(reopened, src);
    assertThat(packEpochs(reopened)).containsExactly(1, 2);
    assertThat(history.checkEverySnapshotRestores(reopened)).isEqualTo(2);

    PruneReport report = new PruneService(reopened, new LockService(reopened, "test-host", 1), 2)
        .run(new PruneService.PruneOptions(false, 0, true, PruneServiceTest.ACTOR, "prune --rewrite-old-epochs"));
    assertThat(report.packsRepacked()).isEqualTo(1);
    assertThat(packEpochs(reopened)).containsExactly(2);
    SnapshotHistory.assertVerifies(reopened);
    assertThat(history.checkEverySnapshotRestores(TestRepositories.open(backend))).isEqualTo(2);
  }

  @Test
  void withoutTheFlagOldEpochPacksStay() throws Exception {
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    SnapshotHistory history = new SnapshotHistory(tmp);
    Path src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("old.sst"), 400_000, 1);
    Repository repo = TestRepositories.init(backend);
    history.backup(repo, src);
    Repository rotated = new KeyRotation(repo, new LockService(repo, "test-host", 1)).rotate();
    PruneReport report = new PruneService(rotated, new LockService(rotated, "test-host", 1), 2)
        .run(new PruneService.PruneOptions(false, 0.5, false, PruneServiceTest.ACTOR, "prune"));
    assertThat(report.packsRepacked()).isZero();
    assertThat(packEpochs(rotated)).isEqualTo(Set.of(1));
    assertThat(List.of(history.checkEverySnapshotRestores(rotated))).containsExactly(1);
  }
}
