package dev.pouch.agent.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.UnlinkedWals;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.maintenance.PruneReport;
import dev.pouch.agent.maintenance.PruneService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.retention.ForgetService;
import dev.pouch.agent.retention.RetentionPolicy;
import dev.pouch.agent.schedule.ManualClock;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper deduplicates against the chunk index as it is in the round's own lock, not as it was at an earlier
 * round: other processes prune (deleting packs) and back up (adding index objects) between rounds.
 */
class WalShipperIndexTest {

  private static final ShipperOptions EVERY_POLL = ShipperOptions.defaults().withBatching(1, Duration.ZERO);

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));

  private Repository repository(StorageBackend backend) throws Exception {
    return TestRepositories.init(backend, clock);
  }

  private WalShipper shipper(Repository repo, Path data) throws Exception {
    return WalShipper.resume(repo, data, EVERY_POLL, new LockService(repo, "h", 1), d -> { }, clock);
  }

  private static byte[] range(Path file, long from, long to) throws Exception {
    try (FileChannel ch = FileChannel.open(file); InputStream in = Channels.newInputStream(ch.position(from))) {
      return in.readNBytes((int) (to - from));
    }
  }

  @Test
  void aPruneBetweenRoundsIsSeenByTheNextRound() throws Exception {
    // A twin of the database (same seed, same clock) shows the bytes the second round will ship before they exist.
    Path data = tmp.resolve("data");
    Path twin = tmp.resolve("twin");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 7, clock);
    WombatSimulator twinSim = WombatSimulator.open(SimulatorConfig.smallForTests(twin), 7, clock);
    sim.steps(40);
    twinSim.steps(40);
    WalShipper probe = shipper(repository(MemoryStorageBackend.create()), twin);
    probe.shipOnce();
    clock.advance(Duration.ofSeconds(1));
    twinSim.steps(40);
    PieceKey second = probe.shipOnce().shipped().stream()
        .filter(k -> k.file().kind().equals("wal") && k.from() > 0).findFirst().orElseThrow();
    // The first segment is unlinked by the database at open; it is read through /proc, as the shipper does.
    Path segment = Files.exists(twin.resolve(second.file().name())) ? twin.resolve(second.file().name())
        : UnlinkedWals.system().find(twin, EVERY_POLL.rules()).stream()
            .filter(f -> f.name().equals(second.file().name())).findFirst().orElseThrow().readPath();

    // An old snapshot of the real repository holds exactly those bytes, so they are stored, in its pack.
    Repository repo = repository(MemoryStorageBackend.create());
    Path old = Files.createDirectories(tmp.resolve("old"));
    Files.write(old.resolve("copy"), range(segment, second.from(), second.to()));
    SnapshotId s0 = new BackupService(repo, new LockService(repo, "h", 1)).run(BackupRequest.of(old, "h"),
        Progress.NONE).id();

    WalShipper shipper = shipper(repo, data);
    assertThat(shipper.shipOnce().shipped()).isNotEmpty();

    // Another process forgets that snapshot and prunes between two rounds: its pack is deleted.
    Actor ops = new Actor("ops", "other", 77);
    LockService other = new LockService(repo, "other", 77);
    new ForgetService(repo, other).run(new ForgetService.ForgetRequest(RetentionPolicy.builder().build(),
        Optional.empty(), List.of(s0.hex()), false, ops, "forget"));
    PruneReport pruned = new PruneService(repo, other, 2).run(new PruneService.PruneOptions(false, 0.5, false, ops,
        "prune"));
    assertThat(pruned.packsUnused()).isPositive();

    sim.steps(40);
    ShipResult round = shipper.shipOnce();
    assertThat(round.shipped()).anySatisfy(k -> {
      assertThat(k.file().name()).isEqualTo(second.file().name());
      assertThat(k.from()).isEqualTo(second.from());
      assertThat(k.to()).isEqualTo(second.to());
    });

    ChunkIndex stored = new IndexStore(repo).loadAll().index();
    for (PieceKey k : PitrIndex.listPieces(repo)) {
      assertThat(PitrIndex.readPiece(repo, k).chunks()).as("chunks of %s", k.id())
          .allSatisfy(c -> assertThat(stored.contains(ChunkId.parse(c))).isTrue());
    }
    assertThat(new VerifyService(repo).verify(true, 2, Progress.NONE).problems()).isEmpty();
  }

  @Test
  void aRoundListsTheIndexOnceAndReadsOnlyNewIndexObjects() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 5, clock);
    FaultInjectingStorageBackend recording = FaultInjectingStorageBackend.recording(MemoryStorageBackend.create());
    Repository repo = repository(recording);
    sim.steps(20);
    WalShipper shipper = shipper(repo, data);
    shipper.shipOnce();

    clock.advance(Duration.ofSeconds(1));
    sim.steps(20);
    recording.clearCalls();
    assertThat(shipper.shipOnce().shipped()).isNotEmpty();
    assertThat(indexLists(recording)).isEqualTo(1);
    assertThat(indexReads(recording)).isZero();

    // A backup by another process adds an index object; the next round reads that one alone.
    Path other = Files.createDirectories(tmp.resolve("other"));
    BackupRestoreTest.writeRandom(other.resolve("f"), 200_000, 3);
    TestRepositories.backup(repo, other);
    clock.advance(Duration.ofSeconds(1));
    sim.steps(20);
    recording.clearCalls();
    assertThat(shipper.shipOnce().shipped()).isNotEmpty();
    assertThat(indexLists(recording)).isEqualTo(1);
    assertThat(indexReads(recording)).isEqualTo(1);
  }

  private static long indexLists(FaultInjectingStorageBackend recording) {
    return recording.calls(StorageOperation.LIST).stream().filter(c -> "index/".equals(c.prefix())).count();
  }

  private static long indexReads(FaultInjectingStorageBackend recording) {
    return recording.calls(StorageOperation.OPEN).stream().filter(c -> c.key().value().startsWith("index/"))
        .count();
  }
}
