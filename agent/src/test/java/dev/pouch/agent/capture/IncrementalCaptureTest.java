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
import dev.pouch.wombat.simulator.GroundTruth;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental Wombat backups resume from what the parent proved instead of re-reading the store. */
class IncrementalCaptureTest {

  @TempDir Path tmp;

  /** A simulated store that wrote 400 steps, and backups of it into a fresh repository. */
  record Store(Path data, WombatSimulator sim, Repository repo, WombatCapture capture, BackupService backups) {
    BackupService.BackupResult backup() throws IOException {
      return backups.run(BackupRequest.of(data, "h"), Progress.NONE);
    }
  }

  Store store(long seed) throws IOException {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), seed, Clock.systemUTC());
    sim.steps(400);
    Repository repo = TestRepositories.init(MemoryStorageBackend.create());
    WombatCapture capture = new WombatCapture(CaptureOptions.defaults(), d -> { }, Clock.systemUTC());
    return new Store(data, sim, repo, capture, new BackupService(repo, new LockService(repo, "h", 1), capture));
  }

  RestoreService.RestoreResult restore(Store store, BackupService.BackupResult backup) throws IOException {
    return new RestoreService(store.repo()).restore(RestoreRequest.of(backup.id().hex(), tmp.resolve("r")),
        Progress.NONE);
  }

  @Test
  void anUnchangedStoreIsNotReadAgainAndKeepsItsDigest() throws Exception {
    Store store = store(5);
    BackupService.BackupResult first = store.backup();
    BackupService.BackupResult second = store.backup();
    assertThat(second.snapshot().summary().bytesRead()).isZero();
    assertThat(second.snapshot().wombat().get("digest").get("reusedFromParent").asBoolean()).isTrue();
    assertThat(CaptureProof.digest(second.snapshot().wombat())).isEqualTo(CaptureProof.digest(first.snapshot()
        .wombat()));
    assertThat(restore(store, second).wombat().digestCompared()).isTrue();
  }

  @Test
  void aGrownStoreIsReadFromItsProvenEndAndItsDigestRecomputed() throws Exception {
    Store store = store(6);
    BackupService.BackupResult first = store.backup();
    store.sim().steps(50);
    BackupService.BackupResult second = store.backup();
    assertThat(second.snapshot().summary().bytesRead()).isLessThan(first.snapshot().summary().bytesRead());
    assertThat(second.snapshot().wombat().get("digest").has("reusedFromParent")).isFalse();
    String now = store.sim().groundTruth().currentState().digest().hex();
    assertThat(CaptureProof.digest(second.snapshot().wombat()).orElseThrow()).isEqualTo(now);
    assertThat(restore(store, second).wombat().digest()).isEqualTo(now);
  }

  @Test
  void aSurveyMadeAheadWhileTheStoreKeptWritingStillGivesAConsistentState() throws Exception {
    Store store = store(7);
    store.backup();
    Set<String> before = fileNames(store.data());

    // As `pouch backup` does while the key is derived; the store then writes, rotates WAL segments and flushes.
    BackupRequest request = BackupRequest.of(store.data(), "h");
    store.capture().prepare(store.data(), request.excludes());
    store.sim().steps(600);
    Files.writeString(store.data().resolve("after-the-survey.txt"), "not listed by the survey");
    assertThat(fileNames(store.data())).as("the store changed its files after the survey").isNotEqualTo(before);
    BackupService.BackupResult second = store.backups().run(request, Progress.NONE);
    // Planned from the survey: what appeared after it waits for the next backup (here the new WAL segments too, so
    // the state is the one at the end of the segments the survey listed, which the oracle below checks).
    assertThat(second.snapshot().files()).extracting(f -> f.path()).doesNotContain("after-the-survey.txt");

    GroundTruth truth = store.sim().groundTruth();
    String atItsCuts = truth.stateAtWalCut(LiveCaptureTest.recordedCuts(second.snapshot().wombat(), truth)).digest()
        .hex();
    assertThat(CaptureProof.digest(second.snapshot().wombat()).orElseThrow()).isEqualTo(atItsCuts);
    assertThat(restore(store, second).wombat().digest()).isEqualTo(atItsCuts);
  }

  private static Set<String> fileNames(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
