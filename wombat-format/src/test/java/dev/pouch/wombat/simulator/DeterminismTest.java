package dev.pouch.wombat.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeterminismTest {
  @TempDir
  Path root;

  private Map<String, byte[]> run(Path dir, long seed, RecoveryEmulation recovery, NamingProfile naming)
      throws Exception {
    SimulatorConfig config = SimulatorConfig.smallForTests(dir).with(b -> b.recovery(recovery).naming(naming)
        .workload(Workload.withRestarts()));
    SteppingClock clock = new SteppingClock(Instant.parse("2025-07-19T00:00:00Z"), Duration.ofMillis(7));
    Map<String, byte[]> files = new TreeMap<>();
    try (WombatSimulator sim = WombatSimulator.open(config, seed, clock)) {
      sim.steps(2_500);
      files.put("#digest", sim.groundTruth().currentState().digest().hex().getBytes());
      try (var entries = Files.list(dir)) {
        for (Path p : entries.toList()) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  @ParameterizedTest
  @EnumSource(RecoveryEmulation.class)
  void sameSeedGivesTheSameBytes(RecoveryEmulation recovery) throws Exception {
    Map<String, byte[]> a = run(root.resolve("a"), 42, recovery, NamingProfile.NATIVE);
    Map<String, byte[]> b = run(root.resolve("b"), 42, recovery, NamingProfile.NATIVE);
    assertThat(a.keySet()).isEqualTo(b.keySet()).hasSizeGreaterThan(5);
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void differentSeedGivesDifferentBytes() throws Exception {
    Map<String, byte[]> a = run(root.resolve("a"), 1, RecoveryEmulation.FAITHFUL, NamingProfile.SEED);
    Map<String, byte[]> b = run(root.resolve("b"), 2, RecoveryEmulation.FAITHFUL, NamingProfile.SEED);
    assertThat(a.get("#digest")).isNotEqualTo(b.get("#digest"));
  }
}
