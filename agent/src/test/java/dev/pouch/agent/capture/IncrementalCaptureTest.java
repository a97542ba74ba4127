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
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental Wombat backups resume from what the parent proved instead of re-reading the store. */
class IncrementalCaptureTest {

  @TempDir Path tmp;

  @Test
  void anUnchangedStoreIsNotReadAgainAndKeepsItsDigest() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 5, Clock.systemUTC());
    sim.steps(400);
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    BackupService backups = new BackupService(repo, new LockService(repo, "h", 1),
        new WombatCapture(CaptureOptions.defaults(), d -> { }, Clock.systemUTC()));
    BackupService.BackupResult first = backups.run(BackupRequest.of(data, "h"), Progress.NONE);
    BackupService.BackupResult second = backups.run(BackupRequest.of(data, "h"), Progress.NONE);
    assertThat(second.snapshot().summary().bytesRead()).isZero();
    assertThat(second.snapshot().wombat().get("digest").get("reusedFromParent").asBoolean()).isTrue();
    assertThat(CaptureProof.digest(second.snapshot().wombat())).isEqualTo(CaptureProof.digest(first.snapshot()
        .wombat()));
    RestoreService.RestoreResult r = new RestoreService(repo).restore(RestoreRequest.of(second.id().hex(),
        tmp.resolve("r")), Progress.NONE);
    assertThat(r.wombat().digestCompared()).isTrue();
  }

  @Test
  void aGrownStoreIsReadFromItsProvenEndAndItsDigestRecomputed() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 6, Clock.systemUTC());
    sim.steps(400);
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    BackupService backups = new BackupService(repo, new LockService(repo, "h", 1),
        new WombatCapture(CaptureOptions.defaults(), d -> { }, Clock.systemUTC()));
    BackupService.BackupResult first = backups.run(BackupRequest.of(data, "h"), Progress.NONE);
    sim.steps(50);
    BackupService.BackupResult second = backups.run(BackupRequest.of(data, "h"), Progress.NONE);
    assertThat(second.snapshot().summary().bytesRead()).isLessThan(first.snapshot().summary().bytesRead());
    assertThat(second.snapshot().wombat().get("digest").has("reusedFromParent")).isFalse();
    assertThat(CaptureProof.digest(second.snapshot().wombat()).orElseThrow())
        .isEqualTo(sim.groundTruth().currentState().digest().hex());
    RestoreService.RestoreResult r = new RestoreService(repo).restore(RestoreRequest.of(second.id().hex(),
        tmp.resolve("r")), Progress.NONE);
    assertThat(r.wombat().digest()).isEqualTo(sim.groundTruth().currentState().digest().hex());
  }

  @Test
  void aSurveyMadeAheadWhileTheStoreKeptWritingStillGivesAConsistentState() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 7, Clock.systemUTC());
    sim.steps(400);
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    WombatCapture capture = new WombatCapture(CaptureOptions.defaults(), d -> { }, Clock.systemUTC());
    BackupService backups = new BackupService(repo, new LockService(repo, "h", 1), capture);
    backups.run(BackupRequest.of(data, "h"), Progress.NONE);
    java.util.Set<String> before = fileNames(data);

    // As `pouch backup` does while the key is derived; the store then flushes, rotates and compacts.
    BackupRequest request = BackupRequest.of(data, "h");
    capture.prepare(data, request.excludes());
    sim.steps(600);
    java.nio.file.Files.writeString(data.resolve("after-the-survey.txt"), "not listed by the survey");
    assertThat(fileNames(data)).as("the store changed its files after the survey").isNotEqualTo(before);
    BackupService.BackupResult second = backups.run(request, Progress.NONE);
    // Planned from the survey: what appeared after it waits for the next backup (here the new WAL segments too, so
    // the state is the one at the end of the segments the survey listed, which the oracle below checks).
    assertThat(second.snapshot().files()).extracting(f -> f.path()).doesNotContain("after-the-survey.txt");

    String atItsCuts = sim.groundTruth().stateAtWalCut(LiveCaptureTest.recordedCuts(second.snapshot().wombat(),
        sim.groundTruth())).digest().hex();
    assertThat(CaptureProof.digest(second.snapshot().wombat()).orElseThrow()).isEqualTo(atItsCuts);
    RestoreService.RestoreResult r = new RestoreService(repo).restore(RestoreRequest.of(second.id().hex(),
        tmp.resolve("r")), Progress.NONE);
    assertThat(r.wombat().digest()).isEqualTo(atItsCuts);
  }

  private static java.util.Set<String> fileNames(Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }
}
