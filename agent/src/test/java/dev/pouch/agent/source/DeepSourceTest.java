package dev.pouch.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source nested deeper than restore accepts: the backup leaves the too-deep part out with a warning, so it never
 * reports success for a snapshot that restore then refuses.
 */
class DeepSourceTest {

  @TempDir Path tmp;

  @Test
  void entriesDeeperThanRestoreAcceptsAreSkippedWithAWarningAndTheRestRestores() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("top.txt"), "near the top");
    Path deepest = src.resolve("d/".repeat(FileEntry.MAX_DEPTH + 20));
    Files.createDirectories(deepest);
    Files.writeString(deepest.resolve("leaf.txt"), "too deep");
    Path allowed = src.resolve("d/".repeat(FileEntry.MAX_DEPTH - 1));
    Files.writeString(allowed.resolve("last-level.txt"), "deepest restorable file");

    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    BackupService.BackupResult result = TestRepositories.backup(repo, src);

    assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("nests deeper than 256 levels"));
    Path target = tmp.resolve("target");
    new RestoreService(repo).restore(RestoreRequest.of(result.id().hex(), target), Progress.NONE);
    assertThat(target.resolve("top.txt")).hasContent("near the top");
    assertThat(target.resolve("d/".repeat(FileEntry.MAX_DEPTH - 1)).resolve("last-level.txt"))
        .hasContent("deepest restorable file");
  }
}
