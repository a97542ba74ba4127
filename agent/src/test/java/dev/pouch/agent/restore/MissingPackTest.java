package dev.pouch.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.cli.ExitCodes;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack the index lists but storage no longer has is repository damage: exit 3, like verify says. */
class MissingPackTest {

  @TempDir Path tmp;

  @Test
  void restoreOfASnapshotWhosePackIsGoneFailsAsAnIntegrityProblemNamingThePack() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("file"), "data that lives in one pack");
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    String id = TestRepositories.backup(repo, src).id().hex();
    List<BlobInfo> packs;
    try (Stream<BlobInfo> list = backend.list(RepositoryLayout.DATA)) {
      packs = list.toList();
    }
    assertThat(packs).hasSize(1);
    backend.delete(packs.get(0).key());

    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id, tmp.resolve("target")),
        Progress.NONE))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.getMessage()).contains(packs.get(0).key().value()).contains("missing");
          assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.INTEGRITY);
        });
  }
}
