package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and secrets: wrong and removed passwords exit 4; no password ever reaches output, reports, metrics or the
 * command line (no option takes one); the stored repository holds no plaintext of the source.
 */
class SecretsIT {

  /** Distinctive values, so any appearance anywhere is found. */
  static final String PASSWORD = "Pw-7f3a9c-never-print-me";
  static final String NEW_PASSWORD = "NewPw-b61e04-never-print-me";
  static final String WRONG_PASSWORD = "WrongPw-2d9e71-never-print-me";
  static final List<String> SECRETS = List.of(PASSWORD, NEW_PASSWORD, WRONG_PASSWORD);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Tally TALLY = new Tally("secrets");

  @TempDir Path tmp;

  @AfterAll
  static void writeCounts() throws IOException {
    TALLY.write();
  }

  private PouchProcess pouch(String password) throws IOException {
    return PouchProcess.in(tmp.resolve("logs")).withPassword(password);
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s must not contain a password", where).doesNotContain(secret);
    }
  }

  private String initRepository(PouchProcess pouch) throws Exception {
    String repo = tmp.resolve("repo").toString();
    PouchResult init = pouch.run("init", "--repo", repo, "--insecure-fast-kdf");
    assertThat(init.exitCode()).as(init.describe()).isZero();
    return repo;
  }

  @Test
  void aWrongPasswordExits4WithOneLineAndAHint() throws Exception {
    String repo = initRepository(pouch(PASSWORD));
    PouchResult r = pouch(WRONG_PASSWORD).run("snapshots", "--repo", repo);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(4);
    assertThat(r.err()).startsWith("pouch: ").contains("hint:");
    assertThat(r.showsJavaInternals()).isFalse();
    assertNoSecret(r.describe(), r.output());
    TALLY.add("wrong password: exit 4");
  }

  /** A password whose key file was removed no longer opens the repository (exit 4); the remaining one does. */
  @Test
  void aRemovedKeyExits4() throws Exception {
    PouchProcess first = pouch(PASSWORD);
    String repo = initRepository(first);
    PouchResult add = first.withEnv("POUCH_NEW_PASSWORD", NEW_PASSWORD).run("key", "add", "--repo", repo,
        "--insecure-fast-kdf", "--label", "second");
    assertThat(add.exitCode()).as(add.describe()).isZero();
    PouchProcess second = pouch(NEW_PASSWORD);
    JsonNode keys = JSON.readTree(second.run("key", "list", "--repo", repo, "--json").out());
    String firstId = null;
    for (JsonNode k : keys) {
      if (!k.get("current").asBoolean()) {
        firstId = k.get("id").asText();
      }
    }
    assertThat(firstId).isNotNull();
    PouchResult remove = second.run("key", "remove", "--repo", repo, firstId.substring(0, 8));
    assertThat(remove.exitCode()).as(remove.describe()).isZero();
    PouchResult refused = first.run("snapshots", "--repo", repo);
    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(4);
    assertThat(refused.showsJavaInternals()).isFalse();
    assertThat(second.run("snapshots", "--repo", repo).exitCode()).isZero();
    TALLY.add("removed key: exit 4");
  }

  /**
   * Every command, succeeding and failing, plain, with --json and with --verbose (stack traces included), through
   * the process: no password in stdout or stderr, in the drill reports, or on any command line.
   */
  @Test
  void noPasswordInAnyOutputReportOrCommandLine() throws Exception {
    PouchProcess pouch = pouch(PASSWORD).withEnv("POUCH_NEW_PASSWORD", NEW_PASSWORD);
    Path source = tmp.resolve("source");
    WombatSimulator.generate(source, 600_000, Mix.BALANCED, 61);
    String repo = tmp.resolve("repo").toString();
    String copy = tmp.resolve("copy").toString();
    Path report = tmp.resolve("drill.html");
    Path reportJson = tmp.resolve("drill.json");
    List<List<String>> commands = List.of(
        List.of("init", "--repo", repo, "--insecure-fast-kdf"),
        List.of("backup", "--repo", repo, source.toString()),
        List.of("backup", "--repo", repo, source.toString(), "--json", "--force-rehash"),
        List.of("snapshots", "--repo", repo), List.of("snapshots", "--repo", repo, "--json"),
        List.of("ls", "--repo", repo, "latest"),
        List.of("restore", "--repo", repo, "latest", "--target", tmp.resolve("r1").toString()),
        List.of("restore", "--repo", repo, "latest", "--target", tmp.resolve("r2").toString(), "--json"),
        List.of("verify", "--repo", repo, "--read-data"), List.of("verify", "--repo", repo, "--json"),
        List.of("key", "list", "--repo", repo), List.of("key", "list", "--repo", repo, "--json"),
        List.of("key", "add", "--repo", repo, "--insecure-fast-kdf"),
        List.of("init", "--repo", copy, "--copy-of", repo), List.of("copy", "--from", repo, "--to", copy),
        List.of("forget", "--repo", repo, "--keep-last", "1"), List.of("prune", "--repo", repo),
        List.of("prune", "--repo", repo, "--json"), List.of("repair", "index", "--repo", repo),
        List.of("audit", "--repo", repo), List.of("status", "--repo", repo),
        List.of("drill", "--repo", repo, "--report", report.toString(), "--json", reportJson.toString(),
            "--scratch", tmp.toString()),
        List.of("key", "passwd", "--repo", repo, "--insecure-fast-kdf"));
    int ran = 0;
    for (List<String> command : commands) {
      try (PouchProcess.Running run = pouch.start(command.toArray(String[]::new))) {
        assertNoSecret("command line of " + command, commandLineOf(run.pid()));
        PouchResult r = run.await(PouchProcess.TIMEOUT);
        // status exits 1 while the 3-2-1 policy does not hold (no copy target here)
        assertThat(r.exitCode()).as(r.describe()).isIn(command.get(0).equals("status") ? List.of(0, 1) : List.of(0));
        assertNoSecret(r.describe(), r.output());
        ran++;
      }
    }
    // After 'key passwd' only NEW_PASSWORD opens the repository: the old one now fails, verbosely.
    for (String[] failing : List.of(new String[] {"snapshots", "--repo", repo, "--verbose"},
        new String[] {"restore", "--repo", repo, "latest", "--target", tmp.resolve("r3").toString(), "--verbose"},
        new String[] {"backup", "--repo", tmp.resolve("missing").toString(), source.toString(), "--verbose"})) {
      PouchResult r = pouch.run(failing);
      assertThat(r.exitCode()).as(r.describe()).isNotZero();
      assertNoSecret(r.describe(), r.output());
      ran++;
    }
    PouchResult wrong = pouch(WRONG_PASSWORD).run("verify", "--repo", repo, "--verbose");
    assertThat(wrong.exitCode()).isEqualTo(4);
    assertNoSecret(wrong.describe(), wrong.output());
    for (Path file : List.of(report, reportJson)) {
      assertThat(file).exists();
      assertNoSecret(file.toString(), Files.readString(file));
    }
    TALLY.add("commands run without a password in their output or command line", ran + 1);
  }

  private static String commandLineOf(long pid) throws IOException {
    Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
    return Files.exists(cmdline) ? new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8) : "";
  }

  /**
   * No option of any command takes a password: the help of the root and of every subcommand (found by following
   * each "Commands:" list) mentions passwords only through options taking a FILE. An attempt to pass one anyway is
   * a usage error (exit 2).
   */
  @Test
  void noOptionTakesAPasswordValue() throws Exception {
    EmbeddedPouch pouch = EmbeddedPouch.withPassword(PASSWORD);
    Set<String> visited = new LinkedHashSet<>();
    List<List<String>> queue = new ArrayList<>(List.of(List.of()));
    Pattern option = Pattern.compile("(--?[A-Za-z0-9-]+)(?:[= ]([A-Z][A-Za-z|_-]*|<[^>]+>))?");
    Set<String> passwordOptions = new TreeSet<>();
    while (!queue.isEmpty()) {
      List<String> path = queue.remove(0);
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      PouchResult help = pouch.run(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(help.describe()).isZero();
      visited.add(String.join(" ", path));
      boolean inCommands = false;
      for (String line : help.out().lines().toList()) {
        if (line.startsWith("Commands:")) {
          inCommands = true;
          continue;
        }
        if (inCommands && line.matches("^  [a-z][a-z-]*\\b.*")) {
          String sub = line.trim().split("\\s+")[0];
          if (!sub.equals("help")) {
            List<String> next = new ArrayList<>(path);
            next.add(sub);
            queue.add(next);
          }
          continue;
        }
        if (!line.startsWith(" ")) {
          inCommands = false;
        }
        String trimmed = line.trim();
        if (!trimmed.startsWith("-")) {
          continue;
        }
        Matcher m = option.matcher(trimmed.split("\\s{2,}")[0]);
        while (m.find()) {
          String name = m.group(1).toLowerCase();
          if (name.matches(".*(pass|pw|secret|credential|token).*")) {
            passwordOptions.add(String.join(" ", path) + " " + m.group(1) + "=" + m.group(2));
            assertThat(m.group(2)).as("%s %s takes a value that is not a file", path, m.group(1))
                .isEqualTo("FILE");
          }
        }
      }
    }
    assertThat(visited).as("commands whose help was read").contains("", "backup", "restore", "key", "key add",
        "copy", "run", "repair index");
    assertThat(passwordOptions).as("password options found").isNotEmpty();
    PouchResult attempt = pouch.run("snapshots", "--repo", tmp.toString(), "--password", PASSWORD);
    assertThat(attempt.exitCode()).as(attempt.describe()).isEqualTo(2);
    assertNoSecret(attempt.describe(), attempt.output());
    TALLY.add("help texts checked for password options", visited.size());
  }

  /**
   * {@code pouch run} with metrics: after its first backup, /metrics, /healthz and /readyz and the event lines hold
   * no password; SIGTERM stops it with exit 0.
   */
  @Test
  void noPasswordInMetricsOrSidecarOutput() throws Exception {
    PouchProcess pouch = pouch(PASSWORD);
    String repo = initRepository(pouch);
    Path source = tmp.resolve("source");
    WombatSimulator.generate(source, 400_000, Mix.BALANCED, 62);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, "source:\n  path: " + source + "\nrepository:\n  url: " + repo + "\nschedule:\n"
        + "  incremental: \"@every 2s\"\nmonitoring:\n  listen: 127.0.0.1:" + port + "\nshutdown:\n  grace: 5s\n");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Map<String, String> pages = new HashMap<>();
    try (PouchProcess.Running run = pouch.start("run", "--config", config.toString())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      Pattern succeeded = Pattern.compile("pouch_backups_total\\{[^}]*result=\"success\"[^}]*} [1-9]");
      String metrics = "";
      while (!succeeded.matcher(metrics).find()) {
        assertThat(System.nanoTime()).as("a first backup within 90 s: " + run.result().describe())
            .isLessThan(deadline);
        assertThat(run.isAlive()).as(run.result().describe()).isTrue();
        Thread.sleep(300);
        metrics = get(http, port, "/metrics");
      }
      for (String page : List.of("/metrics", "/healthz", "/readyz")) {
        pages.put(page, get(http, port, page));
      }
      run.terminate();
      PouchResult stopped = run.await(Duration.ofSeconds(60));
      assertThat(stopped.exitCode()).as(stopped.describe()).isZero();
      assertNoSecret(stopped.describe(), stopped.output());
    }
    pages.forEach((page, body) -> assertNoSecret(page, body));
    TALLY.add("sidecar pages checked for passwords", pages.size());
  }

  private static String get(HttpClient http, int port, String path) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException notYet) {
      return "";
    }
  }

  /**
   * No 64-byte window of the source appears in the repository's stored bytes: windows from compressible text, from
   * Wombat's SSTs, WALs and value logs and from incompressible random data, plus a distinctive file name. A positive
   * control finds the same windows in an unencrypted copy, so the search itself works.
   */
  @Test
  void noPlaintextOfTheSourceInTheStoredRepository() throws Exception {
    Path source = tmp.resolve("source");
    WombatSimulator.generate(source, 1_500_000, Mix.BALANCED, 63);
    StringBuilder ledger = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      ledger.append("customer ").append(i).append(", balance ").append(i * 37 % 10_000).append(" EUR, status ok\n");
    }
    String fileName = "customer-ledger-8c1f2e.csv";
    Files.writeString(source.resolve(fileName), ledger);
    byte[] random = new byte[1 << 20];
    new Random(64).nextBytes(random);
    Files.write(source.resolve("random.bin"), random);

    EmbeddedPouch pouch = EmbeddedPouch.withPassword(PASSWORD);
    Path repo = tmp.resolve("repo");
    assertThat(pouch.run("init", "--repo", repo.toString(), "--insecure-fast-kdf").exitCode()).isZero();
    for (String format : List.of("plain", "wombat")) {
      PouchResult backup = pouch.run("backup", "--repo", repo.toString(), source.toString(), "--source-format",
          format);
      assertThat(backup.exitCode()).as(backup.describe()).isZero();
    }

    Random pick = new Random(65);
    Windows windows = new Windows();
    for (String file : TreeDigest.of(source).files()) {
      byte[] bytes = Files.readAllBytes(source.resolve(file));
      for (int i = 0; i < 100 && bytes.length >= 64; i++) {
        windows.add(bytes, pick.nextInt(bytes.length - 63));
      }
    }
    windows.addText(fileName);
    windows.addText(PASSWORD);
    assertThat(windows.size()).as("distinct windows taken").isGreaterThan(1000);

    Path control = tmp.resolve("control");
    SourceFaultIT.copyTree(source, control);
    assertThat(windows.foundIn(control)).as("the search finds windows where they are").isGreaterThan(1000);

    assertThat(windows.foundIn(repo)).as("source windows found in the stored repository").isZero();
    TALLY.add("64-byte source windows searched for in the repository", windows.size());
    TALLY.add("repository bytes searched", StoredObjects.under(repo).stream().mapToLong(f -> repo.resolve(f).toFile()
        .length()).sum());
  }

  /** 64-byte needles (short ones for names), found by their first 8 bytes, then compared whole. */
  private static final class Windows {
    private final Map<Long, List<byte[]>> byPrefix = new HashMap<>();
    private int count;

    void add(byte[] source, int offset) {
      byte[] w = Arrays.copyOfRange(source, offset, offset + 64);
      if (w.length == 64 && distinct(w) >= 16) {
        put(w);
      }
    }

    void addText(String text) {
      put(text.getBytes(StandardCharsets.UTF_8));
    }

    private void put(byte[] w) {
      long key = ByteBuffer.wrap(w, 0, 8).getLong();
      List<byte[]> list = byPrefix.computeIfAbsent(key, k -> new ArrayList<>());
      if (list.stream().noneMatch(x -> Arrays.equals(x, w))) {
        list.add(w);
        count++;
      }
    }

    int size() {
      return count;
    }

    private static int distinct(byte[] w) {
      boolean[] seen = new boolean[256];
      int n = 0;
      for (byte b : w) {
        if (!seen[b & 0xff]) {
          seen[b & 0xff] = true;
          n++;
        }
      }
      return n;
    }

    /** How many distinct windows occur somewhere in the files under {@code dir}. */
    long foundIn(Path dir) throws IOException {
      Set<byte[]> found = Collections.newSetFromMap(new IdentityHashMap<>());
      for (String name : StoredObjects.under(dir)) {
        byte[] bytes = Files.readAllBytes(dir.resolve(name));
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        for (int i = 0; i + 8 <= bytes.length; i++) {
          List<byte[]> candidates = byPrefix.get(buffer.getLong(i));
          if (candidates == null) {
            continue;
          }
          for (byte[] w : candidates) {
            if (i + w.length <= bytes.length && Arrays.equals(bytes, i, i + w.length, w, 0, w.length)) {
              found.add(w);
            }
          }
        }
      }
      return found.size();
    }
  }
}
