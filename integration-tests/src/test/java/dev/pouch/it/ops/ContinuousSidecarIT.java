package dev.pouch.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.wombat.simulator.GroundTruth;
import dev.pouch.wombat.simulator.LiveWombat;
import dev.pouch.wombat.simulator.OpRecord;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's "done when", with everything wired: {@code pouch run} as a process on a 2-second schedule next to a live
 * database (the simulator, in this JVM, including the unlinked wal_1 that pouch reaches through /proc), shipping the
 * WAL every second and copying every backup to a second repository made with {@code init --copy-of}. /metrics is
 * scraped until a backup, a copy, shipped pieces and a satisfied 3-2-1 policy show; SIGTERM must exit 0. Then a
 * point-in-time drill and a snapshot drill pass, the drill report renders in headless Chromium with data in its
 * plots, {@code status} agrees, and a restore to a time during the run verifies and equals the database's state at a
 * moment just before that time.
 */
class ContinuousSidecarIT {

  /** Scrape rounds of 250 ms before giving up (a guard against a hang, not a timing assertion). */
  private static final int SCRAPES = 240;

  @TempDir Path tmp;
  private final Map<String, String> env = Map.of("POUCH_PASSWORD", "it-secret");
  private final ObjectMapper json = new ObjectMapper();

  private static Path jar() {
    Path jar = Path.of(System.getProperty("pouch.jar", "../agent/target/pouch.jar"));
    assumeTrue(Files.isRegularFile(jar), "pouch.jar not built: " + jar);
    return jar;
  }

  private ProcessBuilder pouch(Path log, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs pouch to its end; returns the exit code, and its output in {@code tmp/<name>.log}. */
  private int runToEnd(String name, String... args) throws Exception {
    Path log = tmp.resolve(name + ".log");
    Process p = pouch(log, args).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) { // a guard against a hang, not a timing assertion
      p.destroyForcibly();
      fail(name + " hung; log:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  private String log(String name) throws IOException {
    return Files.readString(tmp.resolve(name + ".log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void sidecarShipsCopiesAndStopsCleanlyThenDrillsRenderAndARestoreToATimeDuringTheRunVerifies() throws Exception {
    Path data = tmp.resolve("wombat");
    Path repo = tmp.resolve("repo");
    Path copy = tmp.resolve("offsite-copy");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 31, Clock.systemUTC());
    sim.steps(200);
    assertThat(runToEnd("init", "init", "--repo", repo.toString(), "--insecure-fast-kdf")).as(log("init")).isZero();
    assertThat(runToEnd("init-copy", "init", "--repo", copy.toString(), "--copy-of", repo.toString()))
        .as(log("init-copy")).isZero();
    int port = freePort();
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, """
        source: {path: "%s", format: wombat}
        repository: {url: "%s", medium: disk}
        copies:
          - {url: "%s", medium: nas, site: offsite}
        schedule: {incremental: "@every 2s", continuous: 1s}
        verify: {after_backup: false}
        monitoring: {listen: "127.0.0.1:%d"}
        shutdown: {grace: 5s}
        """.formatted(data, repo, copy, port));

    Instant during;
    String lastMetrics = "";
    Path runLog = tmp.resolve("run.log");
    try (LiveWombat live = LiveWombat.start(sim, 100)) {
      Process run = pouch(runLog, "run", "--config", config.toString()).start();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI metricsUri = URI.create("http://127.0.0.1:" + port + "/metrics");
      try {
        for (int i = 0; i < SCRAPES && run.isAlive() && !ready(lastMetrics, copy); i++) {
          Thread.sleep(250);
          try {
            lastMetrics = http.send(HttpRequest.newBuilder(metricsUri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
          } catch (IOException notYetListening) {
            // the server starts once the repository is open
          }
        }
        assertThat(ready(lastMetrics, copy)).as("a backup, a copy, shipped WAL and 3-2-1 on /metrics:%n%s%nlog:%n%s",
            lastMetrics, Files.readString(runLog)).isTrue();
        assertThat(value(lastMetrics, "pouch_wal_shipping_lag_seconds")).isNotNaN().isGreaterThanOrEqualTo(0);
        during = Instant.now();
        Thread.sleep(2500); // keep writing and shipping past the chosen time
        live.stop();
      } finally {
        run.destroy(); // SIGTERM
      }
      if (!run.waitFor(60, TimeUnit.SECONDS)) {
        run.destroyForcibly();
        fail("pouch run did not stop after SIGTERM; log:\n" + Files.readString(runLog));
      }
      assertThat(run.exitValue()).as("exit code after SIGTERM; log:\n%s", Files.readString(runLog)).isZero();
    }
    assertThat(Files.readString(runLog)).contains("copy: copied", "policy: 3-2-1 holds", "stop: stopped")
        .doesNotContain("wal-abandoned");

    // A point-in-time drill to a random time inside the recoverable window.
    Path pitrJson = tmp.resolve("pitr-drill.json");
    assertThat(runToEnd("drill-pitr", "drill", "--repo", repo.toString(), "--at", "random-pitr", "--json",
        pitrJson.toString(), "--scratch", tmp.resolve("scratch").toString())).as(log("drill-pitr")).isZero();
    JsonNode pitrDrill = json.readTree(pitrJson.toFile()).get("drill");
    assertThat(pitrDrill.get("passed").asBoolean()).isTrue();
    assertThat(pitrDrill.at("/pointInTime/target").asText()).isNotEmpty();
    assertThat(pitrDrill.get("rpoSeconds").asDouble()).isNotNegative();

    // A snapshot drill with the HTML report, rendered by a real browser.
    Path html = tmp.resolve("drill.html");
    Path drillJson = tmp.resolve("drill.json");
    assertThat(runToEnd("drill", "drill", "--repo", repo.toString(), "--report", html.toString(), "--json",
        drillJson.toString(), "--scratch", tmp.resolve("scratch").toString())).as(log("drill")).isZero();
    JsonNode report = json.readTree(drillJson.toFile());
    assertThat(report.at("/drill/passed").asBoolean()).isTrue();
    assertThat(report.at("/history")).hasSize(2);
    String dom = HeadlessChromium.dumpDom(html, tmp);
    for (String plot : List.of("plot-size", "plot-duration", "plot-rpo-rto")) {
      Matcher m = Pattern.compile("<svg[^>]*id=\"" + plot + "\"[^>]*>").matcher(dom);
      assertThat(m.find()).as("plot %s rendered", plot).isTrue();
      assertThat(m.group()).contains("data-rendered=\"yes\"").doesNotContain("data-points=\"0\"");
    }

    assertThat(runToEnd("status", "status", "--config", config.toString())).as(log("status")).isZero();
    assertThat(log("status")).contains("health ok", "3-2-1 holds");

    // Restore to the chosen time: it verifies by meaning, and is the database as it was just before that time
    // (the newest shipping round at or before it polled at most a cadence plus a batch delay earlier).
    assertThat(runToEnd("restore-at", "restore", "--repo", repo.toString(), "--at", during.toString(), "--target",
        tmp.resolve("restored").toString(), "--json")).as(log("restore-at")).isZero();
    JsonNode restored = json.readTree(log("restore-at").lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow());
    // (How many pieces it applied depends on how long before the time the newest base snapshot was taken.)
    String digest = restored.at("/check/digest").asText();
    assertThat(statesBetween(sim.groundTruth(), during.minusSeconds(4), during.plusSeconds(1)))
        .as("ground-truth states between 4 s before and 1 s after %s", during).contains(digest);
  }

  /** Whether /metrics shows a successful backup, a successful copy, shipped pieces and 3-2-1 satisfied. */
  private static boolean ready(String metrics, Path copy) {
    return value(metrics, "pouch_backups_total{kind=\"incremental\",result=\"success\"}") >= 1
        && value(metrics, "pouch_copies_total{result=\"success\",target=\"" + copy + "\"}") >= 1
        && value(metrics, "pouch_wal_pieces_shipped_total") > 0
        && value(metrics, "pouch_policy_321_satisfied") == 1;
  }

  /** A sample's value; 0 when the series is not there (yet). */
  private static double value(String metrics, String series) {
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** The digests of the database's states at every moment from {@code from} to {@code to}. */
  private static List<String> statesBetween(GroundTruth truth, Instant from, Instant to) {
    TreeSet<Instant> moments = new TreeSet<>(List.of(from));
    for (OpRecord r : truth.records()) {
      if (r.time().isAfter(from) && !r.time().isAfter(to)) {
        moments.add(r.time());
      }
    }
    return moments.stream().map(t -> truth.stateAt(t).digest().hex()).toList();
  }
}
