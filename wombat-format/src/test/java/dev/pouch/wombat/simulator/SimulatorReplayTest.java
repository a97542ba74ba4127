package dev.pouch.wombat.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.DirectoryClassification;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.manifest.ChangeType;
import dev.pouch.wombat.manifest.ManifestLog;
import dev.pouch.wombat.manifest.ManifestReader;
import dev.pouch.wombat.sst.SstValidator;
import dev.pouch.wombat.state.KvState;
import dev.pouch.wombat.state.ReplayResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random operation sequences replayed through the reader equal the oracle. */
class SimulatorReplayTest {
  @TempDir
  Path dir;

  private static SteppingClock clock() {
    return new SteppingClock(Instant.parse("2025-07-19T00:00:00Z"), Duration.ofMillis(3));
  }

  @Test
  void faithfulLifetimeReplaysToTheOracleState() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir);
    try (WombatSimulator sim = WombatSimulator.open(config, 7, clock())) {
      sim.steps(3_000);
      GroundTruth truth = sim.groundTruth();
      Map<WalSegmentId, byte[]> captured = Segments.capture(truth, sim.lifetime());
      assertThat(captured.keySet()).containsExactlyInAnyOrderElementsOf(
          truth.segments().stream().map(WalSegmentInfo::id).toList());
      ReplayResult replay = Segments.replay(captured, truth.walEnds(), config);
      assertThat(replay.problems()).isEmpty();
      KvState expected = truth.currentState();
      assertThat(expected.size()).isGreaterThan(100);
      assertThat(replay.state()).isEqualTo(expected);
      assertThat(replay.state().digest()).isEqualTo(expected.digest());

      DirectoryClassification files = WombatDirectory.withDefaultRules().classify(dir);
      assertThat(files.ofKind(FileKind.SST)).isNotEmpty();
      assertThat(files.ofKind(FileKind.VLOG)).isNotEmpty();
      assertThat(files.ofKind(FileKind.CONFIG)).hasSize(1);
      assertThat(files.files()).noneMatch(f -> f.kind() == FileKind.OTHER);
      for (var sst : files.ofKind(FileKind.SST)) {
        assertThat(SstValidator.validate(ByteSource.of(Files.readAllBytes(sst.path()))).problem()).isEmpty();
      }
      ManifestLog manifest = ManifestReader.read(Files.readAllBytes(dir.resolve("MANIFEST")));
      assertThat(manifest.endsWithNewline()).isTrue();
      assertThat(manifest.changes()).isNotEmpty().allMatch(c -> c.type() == ChangeType.ADD_TABLE);
      // wal_1 is unlinked at open, as Wombat's recovery deletes it; the others stay until the next open.
      assertThat(dir.resolve("wal_1.log")).doesNotExist();
      assertThat(dir.resolve("wal_2.log")).exists();
    }
  }

  @Test
  void restartsKeepTheOracleAndTheReaderInStep() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir);
    Map<WalSegmentId, byte[]> captured = new HashMap<>();
    try (WombatSimulator sim = WombatSimulator.open(config, 11, clock())) {
      for (int round = 0; round < 3; round++) {
        sim.steps(800);
        captured.putAll(Segments.capture(sim.groundTruth(), sim.lifetime()));
        sim.restart();
      }
      sim.steps(500);
      captured.putAll(Segments.capture(sim.groundTruth(), sim.lifetime()));
      GroundTruth truth = sim.groundTruth();
      assertThat(sim.lifetime()).isEqualTo(4);
      assertThat(truth.records()).anyMatch(r -> r.kind() == OpKind.RECOVERY_COPY);
      ReplayResult replay = Segments.replay(captured, truth.walEnds(), config);
      assertThat(replay.problems()).isEmpty();
      assertThat(replay.state()).isEqualTo(truth.currentState());
      ManifestLog manifest = ManifestReader.read(Files.readAllBytes(dir.resolve("MANIFEST")));
      assertThat(manifest.changes()).anyMatch(c -> c.type() == ChangeType.DELETE_TABLE)
          .anyMatch(c -> c.type() == ChangeType.ADD_TABLE);
    }
  }

  @Test
  void simpleRecoveryRestartsWithVisibleFirstSegment() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir).with(b -> b.recovery(RecoveryEmulation.SIMPLE));
    Map<WalSegmentId, byte[]> captured = new HashMap<>();
    try (WombatSimulator sim = WombatSimulator.open(config, 5, clock())) {
      sim.steps(600);
      captured.putAll(Segments.capture(sim.groundTruth(), sim.lifetime()));
      sim.restart();
      assertThat(dir.resolve("wal_1.log")).exists();
      sim.steps(600);
      captured.putAll(Segments.capture(sim.groundTruth(), sim.lifetime()));
      ReplayResult replay = Segments.replay(captured, sim.groundTruth().walEnds(), config);
      assertThat(replay.state()).isEqualTo(sim.groundTruth().currentState());
      // The same name in two lifetimes: two segments (the filesystem may even reuse the inode number).
      assertThat(sim.groundTruth().segments()).filteredOn(s -> s.id().fileName().equals("wal_1.log"))
          .extracting(s -> s.id().lifetime()).containsExactly(1, 2);
    }
  }

  @Test
  void pointInTimeCutsMatchStateAtTime() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir);
    SteppingClock clock = clock();
    try (WombatSimulator sim = WombatSimulator.open(config, 3, clock)) {
      sim.steps(1_000);
      Instant middle = clock.peek();
      sim.steps(1_000);
      GroundTruth truth = sim.groundTruth();
      Map<WalSegmentId, Long> cuts = truth.walEndsAt(middle);
      KvState atMiddle = truth.stateAt(middle);
      assertThat(truth.stateAtWalCut(cuts)).isEqualTo(atMiddle);
      assertThat(atMiddle).isNotEqualTo(truth.currentState());
      ReplayResult replay = Segments.replay(Segments.capture(truth, sim.lifetime()), cuts, config);
      assertThat(replay.problems()).isEmpty();
      assertThat(replay.state().digest()).isEqualTo(atMiddle.digest());
    }
  }

  @Test
  void findSegmentMatchesNameInodeAndTime() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir).with(b -> b.recovery(RecoveryEmulation.SIMPLE));
    SteppingClock clock = clock();
    try (WombatSimulator sim = WombatSimulator.open(config, 5, clock)) {
      sim.steps(600);
      long inode = Segments.inode(dir.resolve("wal_2.log"));
      Instant seen = clock.peek();
      WalSegmentId id = sim.groundTruth().findSegment("wal_2.log", inode, seen).orElseThrow();
      assertThat(id.lifetime()).isEqualTo(1);
      assertThat(id.walNumber()).isEqualTo(2);
      sim.restart();
      sim.steps(600);
      long newInode = Segments.inode(dir.resolve("wal_2.log"));
      assertThat(sim.groundTruth().findSegment("wal_2.log", newInode, clock.peek()).orElseThrow().lifetime())
          .isEqualTo(2);
      assertThat(sim.groundTruth().findSegment("wal_2.log", inode, seen)).contains(id);
    }
  }

  @Test
  void operationsHaveWombatsTimestampsAndMeta() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir).with(b -> b.recovery(RecoveryEmulation.SIMPLE));
    try (WombatSimulator sim = WombatSimulator.open(config, 1, clock())) {
      var k = dev.pouch.wombat.bytes.Bytes.ofUtf8("k");
      var empty = dev.pouch.wombat.bytes.Bytes.empty();
      sim.put(k, dev.pouch.wombat.bytes.Bytes.ofUtf8("v"));
      sim.delete(k);
      sim.batch(List.of(Map.entry(empty, dev.pouch.wombat.bytes.Bytes.ofUtf8("x")), Map.entry(k, empty)));
      sim.transaction(List.of(TransactionWrite.set(k, dev.pouch.wombat.bytes.Bytes.ofUtf8("t")),
          TransactionWrite.delete(empty)));
      sim.put(k, dev.pouch.wombat.bytes.Bytes.wrap(new byte[5000]));
      List<OpRecord> records = sim.groundTruth().records();
      assertThat(records).extracting(OpRecord::timestamp).containsExactly(1L, 2L, 3L, 4L, 0L, 0L, 7L);
      assertThat(records).extracting(OpRecord::meta).containsExactly(0x00, 0x03, 0x00, 0x01, 0x00, 0x01, 0x08);
      assertThat(sim.groundTruth().currentState().get(k)).contains(dev.pouch.wombat.bytes.Bytes.wrap(new byte[5000]));
    }
  }
}
