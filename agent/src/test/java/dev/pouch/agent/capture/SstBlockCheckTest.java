package dev.pouch.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import dev.pouch.wombat.sst.SstFooter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New SSTables are validated from the bytes the backup reads (the plan reads only their tails): a table whose data
 * block is damaged is still left out with a warning, as when the plan read it whole, and intact ones are captured.
 */
class SstBlockCheckTest {

  @TempDir Path tmp;

  private static List<Path> ssts(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().toList();
    }
  }

  @Test
  void aTableWithADamagedBlockIsLeftOutAndTheRestRestoresByMeaning() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator.generate(data, 4L << 20, Mix.SST_HEAVY, 11);
    List<Path> tables = ssts(data);
    assertThat(tables).as("the simulator flushed tables").hasSizeGreaterThanOrEqualTo(2);
    Path damaged = tables.get(0);
    byte[] bytes = Files.readAllBytes(damaged);
    long blocksEnd = SstFooter.parse(bytes, bytes.length - SstFooter.SIZE).bloomOffset();
    bytes[(int) (blocksEnd / 2)] ^= 0x10; // inside a data block; footer and indexes intact
    Files.write(damaged, bytes);

    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    BackupService backups = new BackupService(repo, new LockService(repo, "h", 1),
        new WombatCapture(CaptureOptions.defaults(), d -> { }, Clock.systemUTC()));
    BackupService.BackupResult result = backups.run(BackupRequest.of(data, "h"), Progress.NONE);

    String name = damaged.getFileName().toString();
    assertThat(result.warnings()).anyMatch(w -> w.startsWith(name + ": not a complete SSTable"));
    List<String> stored = result.snapshot().files().stream().map(FileEntry::path).toList();
    assertThat(stored).doesNotContain(name);
    for (Path intact : tables.subList(1, tables.size())) {
      assertThat(stored).contains(intact.getFileName().toString());
    }
    assertThat(result.snapshot().wombat().get("counts").get("sst").asInt()).isEqualTo(tables.size() - 1);
    RestoreService.RestoreResult restored = new RestoreService(repo).restore(RestoreRequest.of(result.id().hex(),
        tmp.resolve("r")), Progress.NONE);
    assertThat(restored.wombat().sstables()).isEqualTo(tables.size() - 1);
  }
}
