package dev.pouch.agent.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pouch.wombat.bytes.ByteSource;
import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.SteppingClock;
import dev.pouch.wombat.simulator.WombatSimulator;
import dev.pouch.wombat.vlog.ValuePointerResolver;
import dev.pouch.wombat.wal.WalScanOptions;
import dev.pouch.wombat.wal.WalScanner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalGrowthProbeTest {

  private static final long SECOND = 1_000_000_000L;

  @TempDir Path data;

  /** Sum of every WAL segment's validated end, each scanned in full from offset 0 (the slow, obvious way). */
  private long totalValidatedEnds() throws IOException {
    long total = 0;
    List<Path> wals;
    try (Stream<Path> files = Files.list(data)) {
      wals = files.filter(p -> ClassificationRules.defaults().suggest(p.getFileName().toString())
          .orElse(FileKind.OTHER) == FileKind.WAL).toList();
    }
    for (Path wal : wals) {
      try (FileChannel ch = FileChannel.open(wal)) {
        total += WalScanner.scan(ByteSource.of(ch, ch.size()),
            WalScanOptions.of(ValuePointerResolver.acceptAll()).withTailCheck(false)).end();
      }
    }
    return total;
  }

  private WombatSimulator simulator() throws IOException {
    return WombatSimulator.open(SimulatorConfig.smallForTests(data), 11,
        new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(1)));
  }

  @Test
  void rateIsTheAdvanceOfTheValidatedEndsIncludingSegmentsCreatedMeanwhile() throws IOException {
    try (WombatSimulator sim = simulator()) {
      sim.steps(50);
      WalGrowthProbe probe = WalGrowthProbe.of(data);
      assertThat(probe.sample(10 * SECOND)).as("no interval yet").isEmpty();
      long before = totalValidatedEnds();
      String segmentBefore = sim.activeSegment().toString();

      sim.steps(400);
      long after = totalValidatedEnds();
      OptionalDouble rate = probe.sample(12 * SECOND);

      assertThat(sim.activeSegment().toString()).as("the workload rotated the WAL").isNotEqualTo(segmentBefore);
      assertThat(after - before).isPositive();
      assertThat(rate.getAsDouble()).isCloseTo((after - before) / 2.0, within(1e-6));
    }
  }

  @Test
  void aQuietWalGrowsByNothing() throws IOException {
    try (WombatSimulator sim = simulator()) {
      // Past the first segment, which Wombat unlinks (wal_1): later segments keep their names.
      sim.steps(400);
      WalGrowthProbe probe = WalGrowthProbe.of(data);
      probe.sample(SECOND);

      assertThat(probe.sample(2 * SECOND)).hasValue(0.0);
    }
  }

  @Test
  void theUnlinkedFirstSegmentIsNotSeen() throws IOException {
    try (WombatSimulator sim = simulator()) {
      sim.steps(5);
      WalGrowthProbe probe = WalGrowthProbe.of(data);
      probe.sample(SECOND);
      sim.steps(5);

      assertThat(probe.sample(2 * SECOND)).as("wal_1 has no name in the directory").isEmpty();
    }
  }

  @Test
  void aDirectoryWithoutWalHasNoSignal(@TempDir Path plain) throws IOException {
    Files.writeString(plain.resolve("notes.txt"), "not a database");
    WalGrowthProbe probe = WalGrowthProbe.of(plain);
    probe.sample(SECOND);

    assertThat(probe.sample(2 * SECOND)).isEmpty();
  }
}
