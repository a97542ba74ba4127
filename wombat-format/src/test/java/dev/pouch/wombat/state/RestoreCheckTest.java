package dev.pouch.wombat.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.bytes.Bytes;
import dev.pouch.wombat.bytes.FileByteSink;
import dev.pouch.wombat.manifest.ManifestChange;
import dev.pouch.wombat.manifest.ManifestWriter;
import dev.pouch.wombat.manifest.TableInfo;
import dev.pouch.wombat.simulator.GroundTruth;
import dev.pouch.wombat.simulator.RecoveryEmulation;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.SteppingClock;
import dev.pouch.wombat.simulator.WombatSimulator;
import dev.pouch.wombat.vlog.ValuePointer;
import dev.pouch.wombat.vlog.VlogWriter;
import dev.pouch.wombat.wal.WalRecord;
import dev.pouch.wombat.wal.WalWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCheckTest {
  @TempDir
  Path dir;

  private ValuePointer pointer;

  /** A restored directory as pouch lays it out: MANIFEST, a value log, one synthetic WAL at ts 0, truncated. */
  @BeforeEach
  void restoredDirectory() throws Exception {
    try (FileByteSink sink = FileByteSink.open(dir.resolve("MANIFEST"), true)) {
      ManifestWriter manifest = new ManifestWriter(sink);
      manifest.append(ManifestChange.add(TableInfo.flushed(1, 1_000), 1));
    }
    try (FileByteSink sink = FileByteSink.open(dir.resolve("vlog_3.dat"), true)) {
      VlogWriter vlog = VlogWriter.create(sink, 3, 1 << 16);
      pointer = vlog.append(dev.pouch.wombat.vlog.ValueCompression.deflate(new byte[5_000], 6));
      sink.setLength(vlog.writeOffset());
    }
    writeWal("wal_2.log", true, WalRecord.put(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"), 0),
        WalRecord.external(Bytes.ofUtf8("big"), pointer, 0));
  }

  private void writeWal(String name, boolean truncate, WalRecord... records) throws Exception {
    try (FileByteSink sink = FileByteSink.open(dir.resolve(name), true)) {
      WalWriter wal = WalWriter.create(sink, 4096, false);
      for (WalRecord r : records) {
        wal.append(r);
      }
      if (truncate) {
        sink.setLength(wal.writeOffset());
      }
    }
  }

  @Test
  void restoredDirectoryPassesWithTheExpectedDigest() throws Exception {
    RestoreCheckReport report = WombatRestoreCheck.check(dir);
    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.state().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"),
        Bytes.ofUtf8("big"), Bytes.wrap(new byte[5_000])));
    assertThat(report.digest()).isEqualTo(report.state().digest());
    assertThat(report.closureFailures()).singleElement().asString().contains("table_1.sst");
    assertThat(report.walCount()).isEqualTo(1);
    assertThat(report.vlogCount()).isEqualTo(1);
  }

  @Test
  void zeroTailIsAnError() throws Exception {
    writeWal("wal_2.log", false, WalRecord.put(Bytes.ofUtf8("a"), Bytes.ofUtf8("1"), 0));
    assertThat(WombatRestoreCheck.check(dir).errors()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("zero tail"));
    assertThat(WombatRestoreCheck.check(dir, dir, RestoreCheckOptions.forLiveDirectory()).ok()).isTrue();
  }

  @Test
  void walNumberOneIsAnError() throws Exception {
    Files.move(dir.resolve("wal_2.log"), dir.resolve("wal_1.log"));
    assertThat(WombatRestoreCheck.check(dir).errors()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("wal_1"));
  }

  @Test
  void tornManifestIsAnError() throws Exception {
    Files.write(dir.resolve("MANIFEST"), "{\"type\":\"add".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    assertThat(WombatRestoreCheck.check(dir).errors()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("newline"));
  }

  @Test
  void danglingPointerIsAnError() throws Exception {
    Files.delete(dir.resolve("vlog_3.dat"));
    RestoreCheckReport report = WombatRestoreCheck.check(dir);
    assertThat(report.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("UNKNOWN_FILE"));
    assertThat(report.state().asMap()).containsOnlyKeys(Bytes.ofUtf8("a"));
  }

  @Test
  void invalidSstIsAnErrorAndTempFilesAreWarnings() throws Exception {
    Files.write(dir.resolve("4.sst"), new byte[200]);
    Files.write(dir.resolve("tmp_1"), new byte[] {1});
    RestoreCheckReport report = WombatRestoreCheck.check(dir);
    assertThat(report.errors()).anySatisfy(p -> assertThat(p.file().getFileName().toString()).isEqualTo("4.sst"));
    assertThat(report.problems()).anySatisfy(p -> {
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.file().getFileName().toString()).isEqualTo("tmp_1");
    });
  }

  @Test
  void simulatedDirectoryReplaysToTheOracleDigest(@TempDir Path simDir) throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(simDir).with(b -> b.recovery(RecoveryEmulation.SIMPLE));
    try (WombatSimulator sim = WombatSimulator.open(config, 8,
        new SteppingClock(Instant.parse("2025-07-19T00:00:00Z"), Duration.ofMillis(1)))) {
      sim.steps(2_000);
      GroundTruth truth = sim.groundTruth();
      RestoreCheckReport report = WombatRestoreCheck.check(simDir, simDir,
          RestoreCheckOptions.forLiveDirectory().withMemTableSize(config.memTableSize()));
      assertThat(report.errors()).isEmpty();
      assertThat(report.sstCount()).isPositive();
      assertThat(report.digest()).isEqualTo(truth.currentState().digest());
    }
  }
}
