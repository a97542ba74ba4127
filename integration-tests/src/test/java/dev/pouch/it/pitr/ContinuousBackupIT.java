package dev.pouch.it.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.wombat.simulator.LiveWombat;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pouch backup --continuous} as a separate process next to a live database (the simulator, in this JVM,
 * including the unlinked wal_1 that pouch reaches through /proc): the shipper is killed with SIGKILL mid-run and
 * restarted, then stopped with SIGTERM; a restore to "now" equals the database's state, and the shipped pieces of
 * every file are contiguous: nothing acknowledged was lost, nothing was shipped twice.
 */
class ContinuousBackupIT {

  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();

  private ProcessBuilder pouch(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("pouch.jar")));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("POUCH_PASSWORD", "it-password");
    pb.environment().put("POUCH_REPOSITORY", tmp.resolve("repo").toString());
    return pb;
  }

  private String run(String... args) throws Exception {
    Process p = pouch(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("pouch %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }

  private Process ship(Path data, Path log) throws IOException {
    return pouch("backup", "--continuous", "--cadence", "1s", "--host", "it", data.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void shipsContinuouslySurvivesSigkillAndRestoresToNow() throws Exception {
    Path data = tmp.resolve("data");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 21, Clock.systemUTC());
    sim.steps(200);
    run("init", "--insecure-fast-kdf");
    try (LiveWombat live = LiveWombat.start(sim, 150)) {
      Process first = ship(data, tmp.resolve("ship-1.log"));
      Thread.sleep(4000);
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-run
      Process second = ship(data, tmp.resolve("ship-2.log"));
      Thread.sleep(4000);
      live.stop();
      Thread.sleep(3000); // two polls after the last write
      second.destroy(); // SIGTERM: the round in progress completes
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(tmp.resolve("ship-2.log"))).isIn(0, 143);

      Instant now = Instant.now();
      JsonNode restored = json.readTree(run("restore", "--at", now.toString(), "--target",
          tmp.resolve("restored").toString(), "--json"));
      assertThat(restored.get("check").get("digest").asText())
          .isEqualTo(sim.groundTruth().currentState().digest().hex());
      assertThat(restored.get("piecesApplied").asInt()).isPositive();
    }
    assertPiecesContiguous(tmp.resolve("repo").resolve("wal"));
    JsonNode coverage = json.readTree(run("snapshots", "--pitr", "--json"));
    assertThat(coverage.get("windows")).hasSize(1);
  }

  /** For every shipped file, its pieces start at 0 and each begins where the previous ended. */
  private static void assertPiecesContiguous(Path walDir) throws IOException {
    Map<String, List<long[]>> ranges = new HashMap<>();
    try (Stream<Path> files = Files.walk(walDir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String[] r = p.getFileName().toString().split("-");
        ranges.computeIfAbsent(p.getParent().getFileName().toString(), k -> new ArrayList<>())
            .add(new long[] {Long.parseUnsignedLong(r[0], 16), Long.parseUnsignedLong(r[1], 16)});
      }
    }
    assertThat(ranges).isNotEmpty();
    for (Map.Entry<String, List<long[]>> e : ranges.entrySet()) {
      List<long[]> chain = e.getValue();
      chain.sort(Comparator.comparingLong(a -> a[0]));
      assertThat(chain.get(0)[0]).as(e.getKey()).isZero();
      for (int i = 1; i < chain.size(); i++) {
        assertThat(chain.get(i)[0]).as("%s piece %d", e.getKey(), i).isEqualTo(chain.get(i - 1)[1]);
      }
    }
  }
}
