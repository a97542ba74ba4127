package dev.pouch.agent.concurrent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error on a restore or verify worker, out of memory above all, reaches the caller as itself: the CLI prints it
 * with the heap size and a hint to raise it, which a wrapping "worker failed" exception had hidden.
 */
class WorkerErrorTest {

  @TempDir Path tmp;

  private final MemoryStorageBackend memory = MemoryStorageBackend.create();
  private Repository failingOnPacks;
  private String snapshot;

  @BeforeEach
  void backUpThenFailPackReadsWithAnError() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("source"));
    Files.writeString(source.resolve("table"), "rows ".repeat(10_000));
    snapshot = TestRepositories.backup(TestRepositories.init(memory), source).id().hex();
    // a "delay" whose sleep runs out of memory: the pack read fails with an Error on the worker's thread
    FaultInjectingStorageBackend failing = FaultInjectingStorageBackend.builder(memory)
        .sleeper(duration -> {
          throw new OutOfMemoryError("Java heap space (injected)");
        })
        .inject(When.every(StorageOperation.OPEN).forKeys(k -> k.value().startsWith(RepositoryLayout.DATA)),
            new Fault.Delay(Duration.ofMillis(1)))
        .build();
    failingOnPacks = TestRepositories.open(failing);
  }

  @Test
  void restore() {
    assertThatThrownBy(() -> new RestoreService(failingOnPacks)
        .restore(RestoreRequest.of(snapshot, tmp.resolve("target")), Progress.NONE))
        .isExactlyInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space (injected)");
  }

  @Test
  void verifyReadingData() {
    assertThatThrownBy(() -> new VerifyService(failingOnPacks).verify(true, 2, Progress.NONE))
        .isExactlyInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space (injected)");
  }
}
