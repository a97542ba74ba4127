package dev.pouch.agent.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillServiceTest {

  @TempDir Path tmp;
  private MemoryStorageBackend backend;
  private Repository repo;
  private Path source;

  @BeforeEach
  void setUp() throws Exception {
    backend = MemoryStorageBackend.create();
    repo = TestRepositories.init(backend);
    source = Files.createDirectories(tmp.resolve("src"));
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    Files.write(source.resolve("1.sst"), data);
    Files.createDirectories(source.resolve("sub"));
    Files.writeString(source.resolve("sub/MANIFEST-not-wombat.txt"), "hello\n");
    Files.createSymbolicLink(source.resolve("link"), Path.of("1.sst"));
  }

  private DrillRequest request(String snapshot) {
    return new DrillRequest(snapshot, tmp.resolve("scratch"), false, true, true, 2);
  }

  @Test
  void aDrillOfAHealthyRepositoryPassesAndCleansUp() throws Exception {
    TestRepositories.backup(repo, source);
    DrillRecord d = new DrillService(repo).run(request("latest"), Progress.NONE);
    assertThat(d.passed()).as(d.toString()).isTrue();
    assertThat(d.checks()).extracting(CheckOutcome::check).containsExactly("repository", "restore", "files");
    assertThat(d.files()).isEqualTo(2);
    assertThat(d.bytes()).isEqualTo(300_006);
    assertThat(d.rpoSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(d.scratchLeft()).isNull();
    try (var left = Files.list(tmp.resolve("scratch"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aDrillOfAWombatSnapshotPassesThoughRestoreRenumbersItsWalSegments() throws Exception {
    Path data = tmp.resolve("wombat");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 3, Clock.systemUTC());
    sim.steps(300);
    new BackupService(repo, new LockService(repo, "h", 1), new WombatCapture(CaptureOptions.defaults(), d -> { },
        Clock.systemUTC())).run(BackupRequest.of(data, "h"), Progress.NONE);
    DrillRecord d = new DrillService(repo).run(request("latest"), Progress.NONE);
    assertThat(d.passed()).as(d.toString()).isTrue();
    assertThat(d.checks()).extracting(CheckOutcome::check).containsExactly("repository", "restore", "wombat", "files");
    CheckOutcome files = d.checks().get(3);
    assertThat(files.notes()).anyMatch(n -> n.contains("WAL segment(s) checked by meaning instead"));
    assertThat(d.checks().get(2).notes()).anyMatch(n -> n.contains("semantic digest matches"));
  }

  @Test
  void aCorruptedPackFailsTheDrillAsAnIntegrityProblem() throws Exception {
    TestRepositories.backup(repo, source);
    BlobInfo pack = backend.list("data/").findFirst().orElseThrow();
    byte[] bytes;
    try (InputStream in = backend.open(pack.key())) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length / 3] ^= 1;
    backend.put(pack.key(), BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    DrillRecord d = new DrillService(repo).run(new DrillRequest("latest", tmp.resolve("scratch"), false, false, true,
        2), Progress.NONE);
    assertThat(d.passed()).isFalse();
    assertThat(d.integrityProblem()).isTrue();
    assertThat(d.checks()).anyMatch(c -> c.check().equals("restore") && !c.passed());
  }

  @Test
  void filesCheckFindsAChangedByteAndAnExtraFile() throws Exception {
    TestRepositories.backup(repo, source);
    Path restored = tmp.resolve("restored");
    new dev.pouch.agent.restore.RestoreService(repo).restore(
        dev.pouch.agent.restore.RestoreRequest.of("latest", restored), Progress.NONE);
    byte[] b = Files.readAllBytes(restored.resolve("1.sst"));
    b[100_000] ^= 1;
    Files.write(restored.resolve("1.sst"), b);
    Files.writeString(restored.resolve("stray"), "x");
    RestoredFilesCheck check = new RestoredFilesCheck(
        new dev.pouch.agent.index.IndexStore(repo).loadAll().index(), repo.contentIdKey());
    CheckOutcome outcome = check.check(new SnapshotStore(repo).resolve("latest").snapshot(), restored);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.problems()).anyMatch(p -> p.startsWith("1.sst: bytes ") && p.endsWith("differ from the backup"))
        .contains("stray: not in the snapshot");
  }

  @Test
  void anEmptyRepositoryFailsTheDrillWithoutRestoring() throws Exception {
    DrillRecord d = new DrillService(repo).run(request("latest"), Progress.NONE);
    assertThat(d.passed()).isFalse();
    assertThat(d.integrityProblem()).isFalse();
    assertThat(d.failure()).contains("no snapshots");
  }

  @Test
  void historyKeepsEveryDrillOldestFirst() throws Exception {
    TestRepositories.backup(repo, source);
    DrillHistory history = new DrillHistory(repo);
    DrillRecord first = new DrillService(repo).run(request("random"), Progress.NONE);
    history.append(first);
    DrillRecord second = new DrillService(repo).run(request("latest"), Progress.NONE);
    history.append(second);
    DrillHistory.Listing listing = new DrillHistory(TestRepositories.open(backend)).list();
    assertThat(listing.unreadable()).isEmpty();
    assertThat(listing.drills()).extracting(DrillRecord::id).containsExactly(first.id(), second.id());
    assertThat(listing.drills().get(1)).isEqualTo(second);
  }

  @Test
  void aDrillRecordMovedToAnotherNameFailsToOpen() throws Exception {
    TestRepositories.backup(repo, source);
    DrillRecord d = new DrillService(repo).run(request("latest"), Progress.NONE);
    new DrillHistory(repo).append(d);
    BlobInfo stored = backend.list(DrillHistory.PREFIX).findFirst().orElseThrow();
    byte[] bytes;
    try (InputStream in = backend.open(stored.key())) {
      bytes = in.readAllBytes();
    }
    backend.put(dev.pouch.storage.BlobKey.of(DrillHistory.PREFIX + "20990101T000000Z-0000000000000000"),
        BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);
    DrillHistory.Listing listing = new DrillHistory(repo).list();
    assertThat(listing.drills()).hasSize(1);
    assertThat(listing.unreadable()).hasSize(1);
  }

  static List<BackupPoint> points(Repository repo) throws Exception {
    return new SnapshotStore(repo).list().snapshots().stream().map(BackupPoint::of).toList();
  }
}
