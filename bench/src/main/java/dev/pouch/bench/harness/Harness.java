package dev.pouch.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pouch.bench.dataset.Compaction;
import dev.pouch.bench.dataset.DataSetSpec;
import dev.pouch.bench.dataset.Mix;
import dev.pouch.bench.dataset.SimulatedDataSet;
import dev.pouch.bench.dataset.WombatDataSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The end-to-end benchmark: generates each data set, then runs every tool through init, first full backup, no-change
 * backup, backup after a compaction, restore (checked byte for byte against the source) and verify, one operation
 * for all tools before the next, on the same data and the same disk. Writes {@code results.md} and
 * {@code results.json} under a fresh directory of {@code --results} and prints the Markdown.
 */
public final class Harness {

  private final HarnessOptions options;
  private final PrintStream out;
  private final MeasuredProcess processes;
  private final Path logs;
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> dataSets = new ArrayList<>();

  private Harness(HarnessOptions options, PrintStream out, Path logs) {
    this.options = options;
    this.out = out;
    this.logs = logs;
    this.processes = new MeasuredProcess(Path.of("/usr/bin/time"), logs);
  }

  public static void main(String[] args) throws Exception {
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(HarnessOptions.USAGE);
      System.exit(2);
      return;
    }
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      System.err.println("bench: GNU time is missing (apt-get install time); it measures CPU time and peak RSS");
      System.exit(1);
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path resultDir = options.results().resolve(stamp + "-" + sizeLabel(options.sizeBytes()));
    Files.createDirectories(resultDir);
    Harness harness = new Harness(options, System.out, resultDir.resolve("logs"));
    ResultsReport.Run run = harness.run();
    String markdown = ResultsReport.markdown(run);
    Files.writeString(resultDir.resolve("results.md"), markdown, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
        .enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(resultDir.resolve("results.json").toFile(), run);
    System.out.println();
    System.out.println(markdown);
    System.out.println("results: " + resultDir);
  }

  private ResultsReport.Run run() throws IOException, InterruptedException {
    Path work = options.work();
    Files.createDirectories(work);
    Path state = work.resolve("state");
    deleteTree(state);
    Files.createDirectories(state);
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path passwordFile = state.resolve("password");
    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
    Map<String, String> versions = new LinkedHashMap<>();
    List<BackupTool> tools = tools(state, password, passwordFile, versions);
    String jdk = probe(List.of(options.java().toString(), "-version")).orElse("unknown JDK");
    Machine machine = Machine.describe(work, jdk, versions);
    warmUp(tools);
    for (Mix mix : options.mixes()) {
      runMix(mix, tools);
    }
    if (!options.keep()) {
      deleteTree(work.resolve("data"));
      deleteTree(work.resolve("repos"));
    }
    return new ResultsReport.Run(machine, dataSets, measurements, notes);
  }

  /**
   * Makes the launcher's startup cache before measuring, as a user has it after the first runs: the AOT cache trained
   * by {@code pouch demo} (JDK 25+), else every command once on a small directory for its class-data-sharing archive
   * (restic and borg have nothing comparable to warm).
   */
  private void warmUp(List<BackupTool> tools) throws IOException, InterruptedException {
    for (BackupTool tool : tools) {
      if (!(tool instanceof PouchTool pouch) || options.profile()) {
        continue;
      }
      Path dir = options.work().resolve("warm-up");
      deleteTree(dir);
      List<Invocation> training = pouch.aotTraining(Files.createDirectories(dir));
      boolean aot = !training.isEmpty();
      if (!aot) {
        Path data = dir.resolve("data");
        SimulatedDataSet.generate(data, 8L << 20, Mix.MIXED, options.seed());
        Path repo = dir.resolve("repo");
        Path target = dir.resolve("restore");
        training = List.of(tool.init(repo), tool.backup(repo, data, 1), tool.restore(repo, target, 1),
            tool.verify(repo));
      }
      for (Invocation step : training) {
        MeasuredProcess.Outcome outcome = processes.run("warm-up-" + tool.name(), step);
        if (outcome.time().exitStatus() != 0) {
          throw new IOException("warm-up of " + tool.name() + " failed with exit status " + outcome.time().exitStatus()
              + ": " + String.join(" ", step.command()));
        }
      }
      deleteTree(dir);
      notes.add(tool.name() + ": " + (aot
          ? "AOT cache trained by `pouch demo` (as the launcher does in the background once per jar and JDK)"
          : "class-data-sharing archives written by a warm-up run of each command on 8 MiB (as after a user's first "
              + "run of each)")
          + "; the figures exclude that one-time cost");
    }
  }

  private List<BackupTool> tools(Path state, String password, Path passwordFile, Map<String, String> versions)
      throws IOException {
    List<BackupTool> tools = new ArrayList<>();
    for (String name : options.toolOrder()) {
      switch (name) {
        case "pouch" -> {
          if (!Files.isRegularFile(options.pouchJar())) {
            throw new IOException("pouch jar " + options.pouchJar() + " is missing; build it with "
                + "./mvnw -pl agent -am package -DskipTests");
          }
          // A private copy: other builds may replace agent/target/pouch.jar while the harness runs.
          Path jar = state.resolve("pouch.jar");
          Files.copy(options.pouchJar(), jar, StandardCopyOption.REPLACE_EXISTING);
          String version = probe(List.of(options.java().toString(), "-jar", jar.toString(), "--version"))
              .orElse("unknown");
          versions.put("pouch", version + " (" + options.java() + ")");
          int feature = javaFeature(options.java());
          Path caches = Files.createDirectories(state.resolve("startup-caches"));
          tools.add(new PouchTool("pouch", options.java(), jar, version, passwordFile, Optional.empty(),
              options.profile(), logs, caches, feature));
          if (options.heap().isPresent()) {
            String h = options.heap().get();
            tools.add(new PouchTool("pouch-xmx" + h, options.java(), jar, version, passwordFile, Optional.of(h),
                options.profile(), logs, Files.createDirectories(caches.resolve("xmx" + h)), feature));
          }
        }
        case "restic" -> probe(List.of("restic", "version")).ifPresentOrElse(v -> {
          versions.put("restic", v);
          tools.add(new ResticTool("restic", v, password, state.resolve("restic-cache")));
        }, () -> notes.add("restic is not installed: skipped (apt-get install restic)"));
        case "borg" -> probe(List.of("borg", "--version")).ifPresentOrElse(v -> {
          versions.put("borg", v);
          tools.add(new BorgTool("borg", v, password, state.resolve("borg")));
        }, () -> notes.add("borg is not installed: skipped (apt-get install borgbackup)"));
        default -> throw new IllegalStateException(name);
      }
    }
    return tools;
  }

  private void runMix(Mix mix, List<BackupTool> tools) throws IOException, InterruptedException {
    String loadBefore = loadAverage();
    Path data = options.work().resolve("data").resolve(mix.label());
    deleteTree(data);
    long started = System.nanoTime();
    WombatDataSet.Generated g = options.simulator()
        ? SimulatedDataSet.generate(data, options.sizeBytes(), mix, options.seed())
        : WombatDataSet.generate(data, DataSetSpec.of(options.sizeBytes(), mix, options.seed()));
    String described = String.format(Locale.ROOT, "%s (%s): %.1f MiB in %d SSTs, %d value logs, %d WALs, MANIFEST, "
        + "config (generated in %.1f s) at %s", mix.label(),
        options.simulator() ? "Wombat simulator" : "bench record generator", g.bytes() / 1048576.0, g.tables(),
        g.valueLogs(), g.wals(), (System.nanoTime() - started) / 1e9, data);
    dataSets.add(described);
    out.println("data set " + described);
    for (int round = 1; round <= options.rounds(); round++) {
      if (options.rounds() > 1) {
        out.println("round " + round + " of " + options.rounds());
      }
      runRound(mix, round, data, tools);
    }
    if (!options.keep()) {
      deleteTree(data);
    }
    // The machine is shared: other processes compete for the cores, and the load average says how much.
    notes.add(mix.label() + ": load average (1/5/15 min) " + loadBefore + " before, " + loadAverage() + " after");
  }

  /**
   * One round: every tool through init (fresh repositories), full, no-change, a compaction of 10% of the SSTables
   * (each round its own, so later rounds back up a store of the same shape whose tables were rewritten once more),
   * restore and verify.
   */
  private void runRound(Mix mix, int round, Path data, List<BackupTool> tools) throws IOException,
      InterruptedException {
    Map<String, Path> repos = new LinkedHashMap<>();
    for (BackupTool tool : tools) {
      Path repo = options.work().resolve("repos").resolve(mix.label()).resolve(tool.name());
      deleteTree(repo);
      Files.createDirectories(repo.getParent());
      repos.put(tool.name(), repo);
      measure(mix, round, tool, Operation.INIT, repo, tool.init(repo));
    }
    for (BackupTool tool : tools) {
      measure(mix, round, tool, Operation.FULL_BACKUP, repos.get(tool.name()),
          tool.backup(repos.get(tool.name()), data, 1));
    }
    for (BackupTool tool : tools) {
      measure(mix, round, tool, Operation.NO_CHANGE_BACKUP, repos.get(tool.name()),
          tool.backup(repos.get(tool.name()), data, 2));
    }
    String compacted;
    if (Compaction.tableCount(data) == 0) {
      // A value-log-heavy directory may have no table yet; the third backup then sees unchanged data.
      compacted = roundLabel(mix, round)
          + " compaction: skipped, the directory has no SSTables (the third backup sees no change)";
    } else {
      Compaction.Result compaction = Compaction.rewrite(data, 0.10, options.seed() + round);
      compacted = String.format(Locale.ROOT, "%s compaction: %d SSTs rewritten into %d new ones (%.1f MiB)",
          roundLabel(mix, round), compaction.removed().size(), compaction.added().size(),
          compaction.bytesWritten() / 1048576.0);
    }
    dataSets.add(compacted);
    out.println(compacted);
    for (BackupTool tool : tools) {
      measure(mix, round, tool, Operation.COMPACTION_BACKUP, repos.get(tool.name()),
          tool.backup(repos.get(tool.name()), data, 3));
    }
    for (BackupTool tool : tools) {
      Path target = options.work().resolve("restore").resolve(tool.name());
      deleteTree(target);
      Files.createDirectories(target);
      Measurement restored = measure(mix, round, tool, Operation.RESTORE, target,
          tool.restore(repos.get(tool.name()), target, 3));
      if (restored.failed()) {
        deleteTree(target);
        continue;
      }
      TreeComparison.Expectation expected = tool.restoreExpectation();
      Optional<String> difference = TreeComparison.firstDifference(data, tool.restoredSource(target, data),
          expected);
      difference.ifPresent(d -> notes.add(roundLabel(mix, round) + ": " + tool.name()
          + " restore does NOT match the source" + expected.description() + ": " + d));
      out.println("  " + tool.name() + " restore " + (difference.isEmpty() ? "matches the source"
          + expected.description() : "DIFFERS"));
      deleteTree(target);
    }
    for (BackupTool tool : tools) {
      measure(mix, round, tool, Operation.VERIFY, repos.get(tool.name()), tool.verify(repos.get(tool.name())));
    }
  }

  private String roundLabel(Mix mix, int round) {
    return options.rounds() > 1 ? mix.label() + " round " + round : mix.label();
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (!Files.isReadable(loadavg)) {
      return "unknown";
    }
    String[] fields = Files.readString(loadavg).trim().split("\\s+");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  /** Runs one step; for restore, {@code watched} is the target and "files written" counts restored files. */
  private Measurement measure(Mix mix, int round, BackupTool tool, Operation op, Path watched,
      Invocation invocation) throws IOException, InterruptedException {
    RepositoryFiles before = RepositoryFiles.of(watched);
    String label = mix.label() + (options.rounds() > 1 ? "-r" + round : "") + "-" + tool.name() + "-"
        + op.name().toLowerCase(Locale.ROOT);
    MeasuredProcess.Outcome outcome = processes.run(label, invocation);
    RepositoryFiles after = RepositoryFiles.of(watched);
    long heap = -1;
    if (tool instanceof PouchTool pouch && Files.exists(pouch.lastGcLog())) {
      heap = GcLog.peakHeapBytes(Files.readString(pouch.lastGcLog())).orElse(-1);
    }
    Measurement m = new Measurement(mix.label(), round, tool.name(), op, outcome.wallSeconds(),
        outcome.time().cpuSeconds(), outcome.time().peakRssBytes(), heap, after.bytes(), after.bytes() - before.bytes(),
        after.writtenSince(before), outcome.time().exitStatus());
    measurements.add(m);
    out.printf(Locale.ROOT, "  %-14s %-24s wall %7.2f s  cpu %7.2f s  rss %6.0f MiB  repo %8.1f MiB  files %d%s%n",
        tool.name(), op.label(), m.wallSeconds(), m.cpuSeconds(), m.peakRssBytes() / 1048576.0,
        m.repositoryBytes() / 1048576.0, m.filesWritten(), m.failed() ? "  FAILED (exit " + m.exitStatus() + ")" : "");
    if (m.failed()) {
      notes.add(roundLabel(mix, round) + ": " + tool.name() + " " + op.label() + " FAILED with exit status "
          + m.exitStatus() + ": " + firstLine(outcome.stderr()) + " (log: " + outcome.stderr() + ")");
    }
    return m;
  }

  private static String firstLine(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).findFirst().orElse("(no output)");
    }
  }

  /** The feature version of a java binary ("openjdk 25.0.3 ..." -> 25), or 0 when it cannot be told. */
  static int javaFeature(Path java) {
    return probe(List.of(java.toString(), "--version"))
        .map(line -> line.replaceFirst("^\\S+ (\\d+).*", "$1"))
        .filter(v -> v.matches("\\d+")).map(Integer::parseInt).orElse(0);
  }

  /** First line of a command's output, or empty when it cannot run. */
  private static Optional<String> probe(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        return Optional.empty();
      }
      return text.lines().findFirst().map(String::trim);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String sizeLabel(long bytes) {
    return bytes % (1L << 30) == 0 ? (bytes >> 30) + "G" : (bytes >> 20) + "M";
  }
}
