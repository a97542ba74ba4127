package dev.pouch.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.it.reliability.PouchProcess;
import dev.pouch.it.reliability.PouchResult;
import dev.pouch.it.servers.TestServers;
import dev.pouch.wombat.simulator.GroundTruth;
import dev.pouch.wombat.simulator.LiveWombat;
import dev.pouch.wombat.simulator.OpRecord;
import dev.pouch.wombat.simulator.SimulatorConfig;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
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
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void sidecarShipsCopiesAndStopsCleanlyThenDrillsRenderAndARestoreToATimeDuringTheRunVerifies() throws Exception {
    Path data = tmp.resolve("wombat");
    Path repo = tmp.resolve("repo");
    Path copy = tmp.resolve("offsite-copy");
    WombatSimulator sim = WombatSimulator.open(SimulatorConfig.smallForTests(data), 31, Clock.systemUTC());
    sim.steps(200);
    PouchProcess cli = PouchProcess.in(tmp.resolve("logs")).withPassword("it-secret");
    PouchResult init = cli.run("init", "--repo", repo.toString(), "--insecure-fast-kdf");
    assertThat(init.exitCode()).as(init.describe()).isZero();
    PouchResult initCopy = cli.run("init", "--repo", copy.toString(), "--copy-of", repo.toString());
    assertThat(initCopy.exitCode()).as(initCopy.describe()).isZero();
    int port = TestServers.unusedPort();
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
    PouchResult stopped;
    try (LiveWombat live = LiveWombat.start(sim, 100)) {
      PouchProcess.Running run = cli.start("run", "--config", config.toString());
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
            lastMetrics, run.result().output()).isTrue();
        assertThat(MetricsText.value(lastMetrics, "pouch_wal_shipping_lag_seconds")).isNotNaN()
            .isGreaterThanOrEqualTo(0);
        during = Instant.now();
        Thread.sleep(2500); // keep writing and shipping past the chosen time
        live.stop();
      } finally {
        run.terminate(); // SIGTERM
      }
      stopped = run.await(Duration.ofSeconds(60)); // a hang after SIGTERM fails here
      assertThat(stopped.exitCode()).as("exit code after SIGTERM: %s", stopped.describe()).isZero();
    }
    assertThat(stopped.output()).contains("copy: copied", "policy: 3-2-1 holds", "stop: stopped")
        .doesNotContain("wal-abandoned");

    // A point-in-time drill to a random time inside the recoverable window.
    Path pitrJson = tmp.resolve("pitr-drill.json");
    PouchResult pitrRun = cli.run("drill", "--repo", repo.toString(), "--at", "random-pitr", "--json",
        pitrJson.toString(), "--scratch", tmp.resolve("scratch").toString());
    assertThat(pitrRun.exitCode()).as(pitrRun.describe()).isZero();
    JsonNode pitrDrill = json.readTree(pitrJson.toFile()).get("drill");
    assertThat(pitrDrill.get("passed").asBoolean()).isTrue();
    assertThat(pitrDrill.at("/pointInTime/target").asText()).isNotEmpty();
    assertThat(pitrDrill.get("rpoSeconds").asDouble()).isNotNegative();

    // A snapshot drill with the HTML report, rendered by a real browser.
    Path html = tmp.resolve("drill.html");
    Path drillJson = tmp.resolve("drill.json");
    PouchResult drill = cli.run("drill", "--repo", repo.toString(), "--report", html.toString(), "--json",
        drillJson.toString(), "--scratch", tmp.resolve("scratch").toString());
    assertThat(drill.exitCode()).as(drill.describe()).isZero();
    JsonNode report = json.readTree(drillJson.toFile());
    assertThat(report.at("/drill/passed").asBoolean()).isTrue();
    assertThat(report.at("/history")).hasSize(2);
    String dom = HeadlessChromium.dumpDom(html, tmp);
    for (String plot : List.of("plot-size", "plot-duration", "plot-rpo-rto")) {
      Matcher m = Pattern.compile("<svg[^>]*id=\"" + plot + "\"[^>]*>").matcher(dom);
      assertThat(m.find()).as("plot %s rendered", plot).isTrue();
      assertThat(m.group()).contains("data-rendered=\"yes\"").doesNotContain("data-points=\"0\"");
    }

    PouchResult status = cli.run("status", "--config", config.toString());
    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.output()).contains("health ok", "3-2-1 holds");

    // Restore to the chosen time: it verifies by meaning, and is the database as it was just before that time
    // (the newest shipping round at or before it polled at most a cadence plus a batch delay earlier).
    PouchResult restoreAt = cli.run("restore", "--repo", repo.toString(), "--at", during.toString(), "--target",
        tmp.resolve("restored").toString(), "--json");
    assertThat(restoreAt.exitCode()).as(restoreAt.describe()).isZero();
    JsonNode restored = json.readTree(restoreAt.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow());
    // (How many pieces it applied depends on how long before the time the newest base snapshot was taken.)
    String digest = restored.at("/check/digest").asText();
    assertThat(statesBetween(sim.groundTruth(), during.minusSeconds(4), during.plusSeconds(1)))
        .as("ground-truth states between 4 s before and 1 s after %s", during).contains(digest);
  }

  /** Whether /metrics shows a successful backup, a successful copy, shipped pieces and 3-2-1 satisfied. */
  private static boolean ready(String metrics, Path copy) {
    return MetricsText.value(metrics, "pouch_backups_total{kind=\"incremental\",result=\"success\"}") >= 1
        && MetricsText.value(metrics, "pouch_copies_total{result=\"success\",target=\"" + copy + "\"}") >= 1
        && MetricsText.value(metrics, "pouch_wal_pieces_shipped_total") > 0
        && MetricsText.value(metrics, "pouch_policy_321_satisfied") == 1;
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
