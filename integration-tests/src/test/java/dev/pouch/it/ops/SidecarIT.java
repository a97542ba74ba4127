package dev.pouch.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.it.reliability.PouchProcess;
import dev.pouch.it.reliability.PouchResult;
import dev.pouch.it.servers.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pouch run} as a separate process with a 2-second schedule against a directory that keeps changing: scrape
 * /metrics until two backups happened, SIGTERM, expect exit 0 and a repository that verifies, then a
 * {@code pouch drill} whose report passes and whose HTML renders in headless Chromium with data in every plot.
 */
class SidecarIT {

  @TempDir Path tmp;

  @Test
  void sidecarBacksUpOnScheduleStopsCleanlyAndDrillPasses() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("wombat"));
    Path repo = tmp.resolve("repo");
    Files.write(src.resolve("1.sst"), new byte[256 * 1024]);
    PouchProcess cli = PouchProcess.in(tmp.resolve("logs")).withPassword("it-secret");
    PouchResult init = cli.run("init", "--repo", repo.toString(), "--insecure-fast-kdf");
    assertThat(init.exitCode()).as(init.describe()).isZero();
    int port = TestServers.unusedPort();
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, """
        source: {path: "%s", format: plain}
        repository: {url: "%s"}
        schedule: {incremental: "@every 2s"}
        verify: {after_backup: true}
        monitoring: {listen: "127.0.0.1:%d"}
        shutdown: {grace: 5s}
        """.formatted(src, repo, port));
    PouchProcess.Running run = cli.start("run", "--config", config.toString());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + port;
    long backups = 0;
    int change = 0;
    try {
      for (int i = 0; i < 160 && backups < 2 && run.isAlive(); i++) {
        Files.writeString(src.resolve("wal_1.log"), "record " + change++ + "\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Thread.sleep(250);
        try {
          String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          backups = (long) MetricsText.value(metrics,
              "pouch_backups_total{kind=\"incremental\",result=\"success\"}");
        } catch (IOException notYetListening) {
          // the server starts after the repository is opened
        }
      }
      assertThat(backups).as("backups seen on /metrics; log:\n%s", run.result().output())
          .isGreaterThanOrEqualTo(2);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    } finally {
      run.terminate(); // SIGTERM
    }
    PouchResult stopped = run.await(Duration.ofSeconds(60)); // a hang after SIGTERM fails here
    assertThat(stopped.exitCode()).as("exit code after SIGTERM: %s", stopped.describe()).isZero();
    assertThat(stopped.output()).contains("stop: stopped");

    PouchResult verify = cli.run("verify", "--repo", repo.toString(), "--read-data");
    assertThat(verify.exitCode()).as(verify.describe()).isZero();

    Path html = tmp.resolve("drill.html");
    Path json = tmp.resolve("drill.json");
    PouchResult drill = cli.run("drill", "--repo", repo.toString(), "--report", html.toString(), "--json",
        json.toString(), "--scratch", tmp.resolve("scratch").toString());
    assertThat(drill.exitCode()).as(drill.describe()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/drill/passed").asBoolean()).isTrue();
    assertThat(report.at("/backups").size()).isGreaterThanOrEqualTo(2);

    String dom = HeadlessChromium.dumpDom(html, tmp);
    for (String plot : List.of("plot-size", "plot-duration", "plot-rpo-rto")) {
      Matcher m = Pattern.compile("<svg[^>]*id=\"" + plot + "\"[^>]*>").matcher(dom);
      assertThat(m.find()).as("plot %s rendered", plot).isTrue();
      assertThat(m.group()).contains("data-rendered=\"yes\"").doesNotContain("data-points=\"0\"");
    }
  }
}
