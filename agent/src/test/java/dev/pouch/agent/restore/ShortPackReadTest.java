package dev.pouch.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.cli.ExitCodes;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack read that ends early is damage only when the stored pack is that short: a read that came back short from a
 * pack that holds the bytes is a failed read (exit 1, run again), not a damaged repository (exit 3).
 */
class ShortPackReadTest {

  @TempDir Path tmp;
  private final MemoryStorageBackend memory = MemoryStorageBackend.create();
  private final FaultInjectingStorageBackend backend = FaultInjectingStorageBackend.builder(memory).build();
  private Repository repo;
  private String id;
  private BlobInfo pack;

  @BeforeEach
  void oneSnapshotInOnePack() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("table.sst"), 300_000, 1);
    repo = TestRepositories.init(backend);
    id = TestRepositories.backup(repo, src).id().hex();
    try (Stream<BlobInfo> packs = memory.list(RepositoryLayout.DATA)) {
      pack = packs.findFirst().orElseThrow();
    }
  }

  private RestoreService.RestoreResult restore(String into) throws Exception {
    return new RestoreService(repo).restore(RestoreRequest.of(id, tmp.resolve(into)), Progress.NONE);
  }

  @Test
  void aShortReadOfAWholePackIsAFailedReadAndTheNextRestoreWorks() throws Exception {
    backend.inject(When.nth(StorageOperation.OPEN, 1).forKeys(k -> k.equals(pack.key())), new Fault.TruncateRead(100));
    assertThatThrownBy(() -> restore("first"))
        .isInstanceOfSatisfying(StorageException.Transient.class, e -> {
          assertThat(e.getMessage()).contains(pack.key().value()).contains("short read");
          assertThat(ExitCodes.of(e)).isNotEqualTo(ExitCodes.INTEGRITY);
        });
    assertThat(restore("second").files()).isPositive();
  }

  @Test
  void aPackStoredShortIsDamage() throws Exception {
    byte[] stored;
    try (InputStream in = memory.open(pack.key())) {
      stored = in.readAllBytes();
    }
    memory.put(pack.key(), BlobContent.of(Arrays.copyOf(stored, 100)), PutMode.CREATE_OR_REPLACE);
    assertThatThrownBy(() -> restore("target"))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.getMessage()).contains("truncated");
          assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.INTEGRITY);
        });
  }
}
