package dev.pouch.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.GroundTruth;
import dev.pouch.wombat.simulator.LiveWombat;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WalSegmentId;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture rules against a database that keeps writing: the simulator runs at full speed on its own thread while
 * 20 backups are taken; each one's recorded state equals the oracle's state at the WAL cuts it recorded, and each
 * restores to a directory that verifies by meaning.
 */
class LiveCaptureTest {

  @TempDir Path tmp;

  static Map<WalSegmentId, Long> recordedCuts(JsonNode proof, GroundTruth truth) {
    Instant at = Instant.parse(proof.get("capturedAt").asText());
    Map<WalSegmentId, Long> cuts = new HashMap<>();
    for (JsonNode f : proof.get("files")) {
      if (f.get("kind").asText().equals("WAL")) {
        String name = Path.of(f.get("path").asText()).getFileName().toString();
        WalSegmentId id = truth.findSegment(name, f.get("inode").asLong(), at).orElseThrow(
            () -> new AssertionError("oracle has no segment " + name + " inode " + f.get("inode")));
        cuts.put(id, f.get("bytes").asLong());
      }
    }
    return cuts;
  }

  @Test
  void backupsOfALiveDatabaseMatchTheOracleAndRestoreVerified() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 42, Clock.systemUTC());
    sim.steps(300);
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    BackupService backups = new BackupService(repo, new LockService(repo, "h", 1),
        new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), Clock.systemUTC()));
    try (LiveWombat live = LiveWombat.start(sim, 0)) {
      for (int i = 0; i < 20; i++) {
        BackupService.BackupResult result = backups.run(BackupRequest.of(data, "h"), Progress.NONE);
        JsonNode proof = result.snapshot().wombat();
        assertThat(proof).as("backup %d proof", i).isNotNull();
        String expected = live.groundTruth().stateAtWalCut(recordedCuts(proof, live.groundTruth())).digest().hex();
        assertThat(proof.get("digest").get("sha256").asText()).as("backup %d digest", i).isEqualTo(expected);
        RestoreService.RestoreResult restored = new RestoreService(repo).restore(
            RestoreRequest.of(result.id().hex(), tmp.resolve("restore-" + i)), Progress.NONE);
        assertThat(restored.wombat()).isNotNull();
        assertThat(restored.wombat().digestCompared()).isTrue();
        assertThat(restored.wombat().digest()).isEqualTo(expected);
      }
      assertThat(live.failed()).isFalse();
      assertThat(live.steps()).isGreaterThan(100);
    }
  }
}
