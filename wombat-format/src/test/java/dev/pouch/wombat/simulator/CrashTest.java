package dev.pouch.wombat.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.manifest.ManifestReader;
import dev.pouch.wombat.state.ReplayResult;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash at any byte: what a reader recovers matches the oracle's completed records. */
class CrashTest {
  @TempDir
  Path root;

  private static SimulatorConfig config(Path dir, long crashAfter) {
    return SimulatorConfig.smallForTests(dir).with(b -> b.recovery(RecoveryEmulation.SIMPLE)
        .crashAfterBytes(crashAfter));
  }

  private static SteppingClock clock() {
    return new SteppingClock(Instant.parse("2025-07-19T00:00:00Z"), Duration.ofMillis(1));
  }

  @Test
  void crashAtManyBytesRecoversTheCompletedRecords() throws Exception {
    long total;
    try (WombatSimulator full = WombatSimulator.open(config(root.resolve("full"), -1), 13, clock())) {
      full.steps(1_500);
      total = full.bytesWritten();
    }
    java.util.Random random = new java.util.Random(99);
    for (int i = 0; i < 12; i++) {
      long k = i == 0 ? 0 : 1 + (long) (random.nextDouble() * (total - 1));
      Path dir = root.resolve("crash-" + i);
      WombatSimulator sim = WombatSimulator.open(config(dir, k), 13, clock());
      Throwable thrown = catchThrowable(() -> sim.steps(1_500));
      assertThat(thrown).as("budget %d of %d", k, total).isInstanceOf(SimulatedCrashException.class);
      assertThat(sim.crashed()).isTrue();
      assertThat(sim.bytesWritten()).isEqualTo(k);
      GroundTruth truth = sim.groundTruth();
      Map<WalSegmentId, Long> ends = truth.walEnds();
      Map<WalSegmentId, byte[]> captured = new HashMap<>();
      for (WalSegmentInfo s : truth.segments()) {
        byte[] bytes = Files.readAllBytes(s.path());
        captured.put(s.id(), bytes);
        WalScan scan = WalScanner.scan(ByteSource.of(bytes), WalScanOptions.of(Segments.valueLogs(sim.config())));
        long expected = ends.get(s.id());
        if (scan.end() != expected) {
          // The write in flight: its bytes are partly there, and the scan flags the record as possibly torn.
          assertThat(scan.lastRecordStart()).as("%s crash at %d", s.id(), k).isEqualTo(expected);
          assertThat(scan.lastRecordMayBeTorn()).isTrue();
        }
        assertThat(scan.settledEnd()).isLessThanOrEqualTo(expected);
      }
      ReplayResult replay = Segments.replay(captured, ends, sim.config());
      assertThat(replay.problems()).isEmpty();
      assertThat(replay.state()).isEqualTo(truth.currentState());
      Path manifest = dir.resolve("MANIFEST");
      if (Files.exists(manifest)) {
        assertThat(ManifestReader.read(Files.readAllBytes(manifest)).unparseable()).isEmpty();
      }
    }
  }

  @Test
  void truncatedCopyOfASegmentEndsAtTheLastWholeRecord() throws Exception {
    Path dir = root.resolve("sim");
    try (WombatSimulator sim = WombatSimulator.open(config(dir, -1), 2, clock())) {
      sim.steps(300);
      WalSegmentInfo segment = sim.groundTruth().segments().get(0);
      long end = sim.groundTruth().walEnds().get(segment.id());
      java.util.Random random = new java.util.Random(5);
      for (int i = 0; i < 50; i++) {
        long cut = (long) (random.nextDouble() * end);
        Path copy = root.resolve("copy-" + i);
        CrashImages.truncatedCopy(segment.path(), copy, cut);
        WalScan scan = WalScanner.scan(ByteSource.of(Files.readAllBytes(copy)),
            WalScanOptions.of(Segments.valueLogs(sim.config())));
        long expected = sim.groundTruth().records().stream()
            .filter(r -> r.segment().equals(segment.id()) && r.walEndAfter() <= cut)
            .mapToLong(OpRecord::walEndAfter).max().orElse(0);
        assertThat(scan.end()).isEqualTo(expected);
      }
    }
  }

  @Test
  void zeroHoleIsReportedAsDataBeyondTheEnd() throws Exception {
    Path dir = root.resolve("hole");
    try (WombatSimulator sim = WombatSimulator.open(config(dir, -1), 2, clock())) {
      sim.put(dev.pouch.wombat.bytes.Bytes.ofUtf8("a"), dev.pouch.wombat.bytes.Bytes.ofUtf8("1"));
      sim.leaveZeroHole(40);
      sim.put(dev.pouch.wombat.bytes.Bytes.ofUtf8("b"), dev.pouch.wombat.bytes.Bytes.ofUtf8("2"));
      WalScan scan = WalScanner.scan(ByteSource.of(Files.readAllBytes(dir.resolve("wal_1.log"))),
          WalScanOptions.of(dev.pouch.wombat.vlog.ValuePointerResolver.acceptAll()));
      assertThat(scan.recordCount()).isEqualTo(1);
      assertThat(scan.hasDataBeyondEnd()).isTrue();
      assertThat(scan.firstNonZeroAfterEnd()).isEqualTo(scan.end() + 40);
    }
  }

  @Test
  void tornRecordIsFlaggedUntilItsPayloadArrives() throws Exception {
    Path dir = root.resolve("torn");
    try (WombatSimulator sim = WombatSimulator.open(config(dir, -1), 2, clock())) {
      var key = dev.pouch.wombat.bytes.Bytes.ofUtf8("key");
      var value = dev.pouch.wombat.bytes.Bytes.ofUtf8("value");
      sim.put(key, value);
      sim.writeTornRecord(key, value);
      Path wal = dir.resolve("wal_1.log");
      WalScan torn = WalScanner.scan(ByteSource.of(Files.readAllBytes(wal)),
          WalScanOptions.of(dev.pouch.wombat.vlog.ValuePointerResolver.acceptAll()));
      assertThat(torn.recordCount()).isEqualTo(2);
      assertThat(torn.lastRecordMayBeTorn()).isTrue();
      assertThat(torn.settledEnd()).isEqualTo(sim.groundTruth().walEnds().get(sim.activeSegment()));
      sim.put(key, value);
      WalScan settled = WalScanner.scan(ByteSource.of(Files.readAllBytes(wal)),
          WalScanOptions.of(dev.pouch.wombat.vlog.ValuePointerResolver.acceptAll()));
      assertThat(settled.lastRecordMayBeTorn()).isFalse();
      assertThat(settled.end()).isEqualTo(sim.groundTruth().walEnds().get(sim.activeSegment()));
    }
  }

  @Test
  void replacedFileGetsANewInodeWithTheSameBytes() throws Exception {
    Path dir = root.resolve("replace");
    try (WombatSimulator sim = WombatSimulator.open(config(dir, -1), 2, clock())) {
      sim.steps(100);
      Path config = dir.resolve("config");
      byte[] before = Files.readAllBytes(config);
      long inode = Segments.inode(config);
      sim.replaceWithCopy(config);
      assertThat(Files.readAllBytes(config)).isEqualTo(before);
      assertThat(Files.exists(config)).isTrue();
      assertThat(Segments.inode(config) == inode).as("a copy renamed over the original").isFalse();
    }
  }
}
