package dev.pouch.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private final Map<String, String> env = Map.of("POUCH_PASSWORD", "it-secret");

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

  private int runToEnd(String name, String... args) throws Exception {
    Path log = tmp.resolve(name + ".log");
    Process p = pouch(log, args).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) { // a guard against a hang, not a timing assertion
      p.destroyForcibly();
      fail(name + " hung; log:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void sidecarBacksUpOnScheduleStopsCleanlyAndDrillPasses() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("wombat"));
    Path repo = tmp.resolve("repo");
    Files.write(src.resolve("1.sst"), new byte[256 * 1024]);
    assertThat(runToEnd("init", "init", "--repo", repo.toString(), "--insecure-fast-kdf")).isZero();
    int port = freePort();
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, """
        source: {path: "%s", format: plain}
        repository: {url: "%s"}
        schedule: {incremental: "@every 2s"}
        verify: {after_backup: true}
        monitoring: {listen: "127.0.0.1:%d"}
        shutdown: {grace: 5s}
        """.formatted(src, repo, port));
    Path runLog = tmp.resolve("run.log");
    Process run = pouch(runLog, "run", "--config", config.toString()).start();
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
          backups = counter(metrics, "pouch_backups_total{kind=\"incremental\",result=\"success\"}");
        } catch (IOException notYetListening) {
          // the server starts after the repository is opened
        }
      }
      assertThat(backups).as("backups seen on /metrics; log:\n%s", Files.readString(runLog))
          .isGreaterThanOrEqualTo(2);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    } finally {
      run.destroy(); // SIGTERM
    }
    if (!run.waitFor(60, TimeUnit.SECONDS)) {
      run.destroyForcibly();
      fail("pouch run did not stop after SIGTERM; log:\n" + Files.readString(runLog));
    }
    assertThat(run.exitValue()).as("exit code after SIGTERM; log:\n%s", Files.readString(runLog)).isZero();
    assertThat(Files.readString(runLog)).contains("stop: stopped");

    assertThat(runToEnd("verify", "verify", "--repo", repo.toString(), "--read-data")).isZero();

    Path html = tmp.resolve("drill.html");
    Path json = tmp.resolve("drill.json");
    assertThat(runToEnd("drill", "drill", "--repo", repo.toString(), "--report", html.toString(), "--json",
        json.toString(), "--scratch", tmp.resolve("scratch").toString())).as(Files.readString(tmp.resolve("drill.log")))
        .isZero();
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

  private static long counter(String metrics, String series) {
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(series + " ")) {
        return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
