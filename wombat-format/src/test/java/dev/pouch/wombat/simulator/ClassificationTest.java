package dev.pouch.wombat.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.directory.ClassificationRules;
import dev.pouch.wombat.directory.DirectoryClassification;
import dev.pouch.wombat.directory.Evidence;
import dev.pouch.wombat.directory.FileKind;
import dev.pouch.wombat.directory.WombatDirectory;
import dev.pouch.wombat.directory.WombatFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Classification by content beats misleading names. */
class ClassificationTest {
  @TempDir
  Path dir;

  private static final Workload NO_COMPACTION =
      new Workload(60, 10, 8, 8, 0, 0, 1, 2_000, false, 0, 600, 0.05, 0.2, 0.0, 0.03, 0.05);

  private void simulate(NamingProfile naming) throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir).with(b -> b.naming(naming)
        .recovery(RecoveryEmulation.SIMPLE).workload(NO_COMPACTION));
    try (WombatSimulator sim = WombatSimulator.open(config, 9,
        new SteppingClock(Instant.parse("2025-07-19T00:00:00Z"), Duration.ofMillis(1)))) {
      sim.steps(3_000);
    }
  }

  /** The kind the simulator wrote, recovered from the naming profile. */
  private static FileKind written(NamingProfile naming, String name) {
    if (name.equals("MANIFEST")) {
      return FileKind.MANIFEST;
    }
    if (name.equals("config")) {
      return FileKind.CONFIG;
    }
    for (long n = 1; n < 1_000; n++) {
      if (name.equals(naming.walName(n))) {
        return FileKind.WAL;
      }
      if (name.equals(naming.sstName(n))) {
        return FileKind.SST;
      }
      if (name.equals(naming.vlogName(n))) {
        return FileKind.VLOG;
      }
      if (name.equals(naming.tempName(n))) {
        return FileKind.TEMP;
      }
    }
    throw new IllegalArgumentException("unknown file " + name);
  }

  @ParameterizedTest
  @EnumSource(NamingProfile.class)
  void everyWrittenFileIsClassifiedAsWhatItIs(NamingProfile naming) throws Exception {
    simulate(naming);
    DirectoryClassification result = WombatDirectory.withDefaultRules().classify(dir);
    assertThat(result.ofKind(FileKind.SST)).isNotEmpty();
    assertThat(result.ofKind(FileKind.VLOG)).isNotEmpty();
    assertThat(result.ofKind(FileKind.MANIFEST)).hasSize(1);
    int checked = 0;
    for (WombatFile f : result.files()) {
      FileKind expected = written(naming, f.fileName());
      boolean emptyWal = expected == FileKind.WAL && isZeroStart(f.path());
      if (emptyWal) {
        // A WAL without records is all zeros, indistinguishable from an empty value log; the name decides.
        continue;
      }
      assertThat(f.kind()).as(f.fileName()).isEqualTo(expected);
      boolean misleading = f.nameSuggested().isPresent() && f.nameSuggested().get() != expected;
      assertThat(f.nameContentMismatch()).as(f.fileName()).isEqualTo(misleading);
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
    if (naming == NamingProfile.MISMATCHED) {
      assertThat(result.files()).filteredOn(WombatFile::nameContentMismatch).hasSizeGreaterThan(5);
    }
  }

  private static boolean isZeroStart(Path p) throws Exception {
    byte[] head = new byte[17];
    try (var in = Files.newInputStream(p)) {
      int n = in.readNBytes(head, 0, 17);
      for (int i = 0; i < n; i++) {
        if (head[i] != 0) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void strongContentWinsEvenWithoutAMatchingName() throws Exception {
    simulate(NamingProfile.NATIVE);
    Path sst = Files.list(dir).filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
    Path vlog = dir.resolve("vlog_1.dat");
    Files.copy(sst, dir.resolve("data.bin"));
    Files.copy(vlog, dir.resolve("wal_99.log"));
    WombatDirectory classifier = WombatDirectory.withDefaultRules();
    WombatFile unnamed = classifier.classifyFile(dir.resolve("data.bin"));
    assertThat(unnamed.kind()).isEqualTo(FileKind.SST);
    assertThat(unnamed.nameContentMismatch()).isFalse();
    WombatFile misnamed = classifier.classifyFile(dir.resolve("wal_99.log"));
    assertThat(misnamed.kind()).isEqualTo(FileKind.VLOG);
    assertThat(misnamed.nameContentMismatch()).isTrue();
    assertThat(misnamed.contentMatches()).anyMatch(m -> m.kind() == FileKind.VLOG && m.evidence() == Evidence.STRONG);
  }

  @Test
  void aTemporaryStaysTemporaryWhateverItHoldsAndIsNotProbed() throws Exception {
    simulate(NamingProfile.NATIVE);
    Path sst = Files.list(dir).filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
    Files.copy(sst, dir.resolve("tmp_77"));
    WombatFile temp = WombatDirectory.withDefaultRules().classifyFile(dir.resolve("tmp_77"));
    assertThat(temp.kind()).isEqualTo(FileKind.TEMP);
    assertThat(temp.size()).isEqualTo(Files.size(sst));
    assertThat(temp.contentMatches()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WombatDirectory.withDefaultRules()
        .classifyFile(dir.resolve("tmp_78"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void unfinishedSstAndUnknownFilesStayOther() throws Exception {
    Files.write(dir.resolve("7.sst"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18});
    Files.write(dir.resolve("notes.txt"), "hello".getBytes());
    Files.write(dir.resolve("tmp_3"), new byte[] {1});
    DirectoryClassification result = WombatDirectory.withDefaultRules().classify(dir);
    assertThat(result.files()).extracting(WombatFile::fileName, WombatFile::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("7.sst", FileKind.OTHER),
        org.assertj.core.groups.Tuple.tuple("notes.txt", FileKind.OTHER),
        org.assertj.core.groups.Tuple.tuple("tmp_3", FileKind.TEMP));
    assertThat(result.files().get(0).nameContentMismatch()).isTrue();
  }

  @Test
  void vanishedFileIsReportedNotFatal() throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir).with(b -> b.recovery(RecoveryEmulation.SIMPLE));
    try (WombatSimulator sim = WombatSimulator.open(config, 9,
        new SteppingClock(Instant.parse("2025-07-19T00:00:00Z"), Duration.ofMillis(1)))) {
      sim.steps(100);
      Path wal = dir.resolve("wal_1.log");
      sim.deleteFile(wal);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> WombatDirectory.withDefaultRules().classifyFile(wal))
          .isInstanceOf(java.nio.file.NoSuchFileException.class);
      assertThat(WombatDirectory.withDefaultRules().classify(dir).files())
          .noneMatch(f -> f.fileName().equals("wal_1.log"));
      sim.steps(100);
    }
  }

  @Test
  void rulesAreConfigurable() {
    ClassificationRules rules = ClassificationRules.defaults().withGlobs(FileKind.WAL, List.of("*.journal"));
    assertThat(rules.suggest("000001.journal")).contains(FileKind.WAL);
    assertThat(rules.suggest("wal_1.log")).isEmpty();
    assertThat(ClassificationRules.defaults().suggest("tmp_1.sst")).contains(FileKind.TEMP);
    assertThat(ClassificationRules.defaults().suggest("vlog_3.dat")).contains(FileKind.VLOG);
    assertThat(ClassificationRules.defaults().suggest("config.json")).contains(FileKind.CONFIG);
  }
}
