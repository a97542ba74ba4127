package dev.pouch.wombat.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.wal.WalScan;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader scanning while the simulator writes always stops at a record boundary. */
class LiveWombatTest {
  @TempDir
  Path dir;

  private record Observation(String name, long inode, Instant at, long end) {}

  @Test
  void everyConcurrentScanEndsAtARecordBoundary() throws Exception {
    Clock clock = Clock.systemUTC();
    SimulatorConfig config = SimulatorConfig.smallForTests(dir);
    List<Observation> observations = new ArrayList<>();
    WombatSimulator sim = WombatSimulator.open(config, 21, clock);
    try (LiveWombat live = LiveWombat.start(sim, 0)) {
      long until = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < until || live.steps() < 500) {
        for (Path wal : walFiles()) {
          observe(wal, clock).ifPresent(observations::add);
        }
      }
      live.stop();
      assertThat(live.failed()).isFalse();
      GroundTruth truth = live.groundTruth();
      Map<WalSegmentId, Set<Long>> boundaries = new HashMap<>();
      for (OpRecord r : truth.records()) {
        boundaries.computeIfAbsent(r.segment(), id -> new HashSet<>(List.of(0L))).add(r.walEndAfter());
      }
      int checked = 0;
      for (Observation o : observations) {
        WalSegmentId id = truth.findSegment(o.name, o.inode, o.at).orElseThrow();
        assertThat(boundaries.getOrDefault(id, Set.of(0L))).as("%s at %d", o.name, o.end).contains(o.end);
        checked++;
      }
      assertThat(checked).isGreaterThan(20);
      assertThat(live.steps()).isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void whilePausedSeesAConsistentState() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir);
    WombatSimulator sim = WombatSimulator.open(config, 4, Clock.systemUTC());
    try (LiveWombat live = LiveWombat.start(sim, 2_000)) {
      for (int i = 0; i < 5; i++) {
        Thread.sleep(50);
        boolean consistent = live.whilePaused(s -> {
          Map<WalSegmentId, Long> ends = s.groundTruth().walEnds();
          return s.groundTruth().stateAtWalCut(ends).equals(s.groundTruth().currentState());
        });
        assertThat(consistent).isTrue();
      }
    }
  }

  private List<Path> walFiles() throws Exception {
    try (var entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().matches("wal_\\d+\\.log")).toList();
    }
  }

  /**
   * One scan of {@code wal} as it is now, or empty when the name was replaced meanwhile: a restart replays the WALs
   * into new ones and deletes them, so the name can point to another file (even one with a reused inode number) by
   * the time the path is looked at again. The inode is read before the open and again after the scan; while the
   * channel is open its inode cannot be reused, so equal numbers mean the scanned file is the one named. The time is
   * taken after the open, so a segment created just before it is the one found.
   */
  private java.util.Optional<Observation> observe(Path wal, Clock clock) {
    try {
      long inode = Segments.inode(wal);
      try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
        Instant at = clock.instant();
        WalScan scan = WalScanner.scan(ByteSource.of(channel, channel.size()),
            WalScanOptions.of(dev.pouch.wombat.vlog.ValuePointerResolver.acceptAll()).withTailCheck(false));
        if (Segments.inode(wal) != inode) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Observation(wal.getFileName().toString(), inode, at, scan.end()));
      }
    } catch (java.io.IOException e) {
      // Vanished or replaced between listing and opening: normal for a live directory.
      return java.util.Optional.empty();
    }
  }
}
