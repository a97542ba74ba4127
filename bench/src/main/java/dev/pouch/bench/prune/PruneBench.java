package dev.pouch.bench.prune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.maintenance.PruneReport;
import dev.pouch.agent.maintenance.PruneService;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.retention.ForgetService;
import dev.pouch.agent.retention.RetentionPolicy;
import dev.pouch.bench.harness.Invocation;
import dev.pouch.bench.harness.MeasuredProcess;
import dev.pouch.bench.storage.ListingOrigins;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 8's prune benchmark. For pouch: build a repository of the asked shape, {@code forget} the oldest 70% of the
 * snapshots, then prune copies of the result three ways: through {@link PruneService} in this JVM over a
 * {@link MeteredStorageBackend} (requests, listings per prefix, bytes, CPU); with the CLI under
 * {@code /usr/bin/time -v}, started as {@code bin/pouch} starts it (serial GC, 256 MiB heap; if that fails, once
 * more with 2 GiB); with the CLI under {@code strace -f -c}. For restic (at the smaller snapshot count, with
 * a pouch repository of the same shape beside it): build, {@code forget --keep-last}, then {@code prune} under
 * time and under strace. Writes {@code results.md} and {@code results.json} into {@code <results>/prune-<stamp>/}.
 * Start it under {@code nice}; it runs every step one after the other.
 */
public final class PruneBench {

  /**
   * The brief's syscalls plus {@code unlink} and {@code rename}, which the JVM uses where Go uses the {@code -at}
   * forms, and {@code fsync}/{@code fdatasync}, the durability cost of each write and delete.
   */
  static final String TRACED = "trace=openat,getdents64,unlinkat,renameat,renameat2,unlink,rename,fsync,fdatasync";
  private static final Pattern RESTIC_REPACKED = Pattern.compile("(\\d+) / \\d+ packs repacked");
  private static final Pattern RESTIC_REMOVED = Pattern.compile("removing (\\d+) old packs");
  private static final Pattern RESTIC_INDEX_DELETED = Pattern.compile(
      "deleting obsolete index files\\s+\\S+ [\\d.]+%\\s+(\\d+) / \\d+ files deleted");

  /** The JVM options bin/pouch starts the CLI with (unless POUCH_JAVA_OPTS says otherwise). */
  static final List<String> BIN_POUCH_JVM = List.of("-XX:+UseSerialGC", "-Xmx256m");
  static final List<String> LARGER_HEAP_JVM = List.of("-XX:+UseSerialGC", "-Xmx2g");

  private final PruneBenchOptions options;
  private final PrintStream out;
  private final Path logs;
  private final Path java;
  private final Path jar;
  private final Path passwordFile;
  private final char[] password = "prune-bench-password".toCharArray();
  private final MeasuredProcess measured;
  private final List<PruneRun> runs = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private PruneBench(PruneBenchOptions options, PrintStream out, Path logs) throws IOException {
    this.options = options;
    this.out = out;
    this.logs = logs;
    this.java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    Files.createDirectories(options.work());
    this.jar = options.work().resolve("pouch.jar");
    this.passwordFile = options.work().resolve("password");
    this.measured = new MeasuredProcess(Path.of("/usr/bin/time"), logs);
  }

  public static void main(String[] args) throws Exception {
    PruneBenchOptions options = PruneBenchOptions.parse(List.of(args));
    String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path resultDir = options.results().resolve("prune-" + stamp);
    Files.createDirectories(resultDir.resolve("logs"));
    delete(options.work());
    PruneBench bench = new PruneBench(options, System.out, resultDir.resolve("logs"));
    List<String> notes = bench.notes;
    List<String> shapes = new ArrayList<>();
    RepositoryShape large = RepositoryShape.of(options.snapshots(), options.logicalGib());
    RepositoryShape pair = large.withSnapshots(options.resticSnapshots() > 0 ? options.resticSnapshots() : 1);
    try {
      bench.prepare();
      if (options.tools().contains("pouch")) {
        shapes.add("pouch large: " + large.describe());
        bench.pouch(large);
      }
      if (options.resticSnapshots() > 0) {
        shapes.add("pair: " + pair.describe());
        if (options.tools().contains("pouch")) {
          bench.pouch(pair);
        }
        if (options.tools().contains("restic")) {
          bench.restic(pair);
        }
      }
    } catch (Exception e) {
      notes.add("the run stopped: " + e);
      e.printStackTrace(System.out);
    }
    String loadAverage = Files.readString(Path.of("/proc/loadavg")).trim();
    notes.add("load average at the end (/proc/loadavg): " + loadAverage);
    String markdown = "# Prune at scale, " + stamp + "\n\n" + String.join("\n\n", shapes) + "\n\n"
        + PruneResults.table(bench.runs) + "\n" + String.join("\n", notes) + "\n";
    Files.writeString(resultDir.resolve("results.md"), markdown);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stamp", stamp);
    json.put("options", Map.of("snapshots", options.snapshots(), "logicalGib", options.logicalGib(),
        "resticSnapshots", options.resticSnapshots(), "tools", options.tools(), "seed", options.seed()));
    json.put("shapes", Map.of("large", Map.of("shape", large, "described", large.describe()),
        "pair", Map.of("shape", pair, "described", pair.describe())));
    json.put("runs", bench.runs);
    json.put("notes", notes);
    json.put("java", bench.java.toString());
    Files.writeString(resultDir.resolve("results.json"),
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    System.out.println();
    System.out.println(markdown);
    System.out.println("written to " + resultDir);
  }

  private void prepare() throws IOException, InterruptedException {
    Files.copy(options.pouchJar(), jar);
    Files.writeString(passwordFile, new String(password) + "\n");
    // what the JVM alone costs in traced syscalls, to subtract by eye from the CLI runs
    Path trace = logs.resolve("jvm-baseline.strace");
    MeasuredProcess.Outcome o = measured.run("jvm-baseline",
        strace(trace, List.of(java.toString(), "-jar", jar.toString(), "--version")));
    runs.add(new PruneRun("JVM start only (`pouch --version`) + strace", 0, o.wallSeconds(), o.time().cpuSeconds(),
        o.time().peakRssBytes(), null, null, null, null, StraceSummary.calls(Files.readString(trace)), null,
        List.of()));
  }

  private void pouch(RepositoryShape shape) throws IOException, InterruptedException {
    Path dir = options.work().resolve("pouch-" + shape.snapshots());
    Path template = dir.resolve("template");
    out.printf("pouch: building %s%n", shape.describe());
    PouchRepositoryBuilder.Built built = new PouchRepositoryBuilder(shape, options.seed())
        .build(template, password, n -> out.printf("  %,d snapshots%n", n));
    out.printf("pouch: built %,d snapshots, %,d chunks, %,d packs, %,d index objects in %s%n", built.snapshots(),
        built.chunks(), built.packs(), built.indexObjects(), built.took());
    notes.add(String.format(Locale.ROOT, "pouch %,d: built in %.0f s: %,d chunks, %,d packs (%,d files in data/), "
            + "%,d index objects", shape.snapshots(), built.took().toMillis() / 1e3, built.chunks(), built.packs(),
        files(template.resolve("data")), built.indexObjects()));
    runs.add(inProcess("pouch forget (in process)", template, shape.snapshots(), repository -> {
      ForgetService.ForgetResult result = new ForgetService(repository, locks(repository)).run(
          new ForgetService.ForgetRequest(RetentionPolicy.builder().keepLast(shape.keepLast()).build(),
              Optional.empty(), List.of(), false, actor(), "pouch forget --keep-last " + shape.keepLast()));
      return "forgot " + result.removed().size() + " snapshots";
    }));

    Path copy = dir.resolve("run");
    copy(template, copy);
    runs.add(inProcess("pouch prune (in process)", copy, shape.keepLast(), repository -> {
      PruneReport r = new PruneService(repository, locks(repository), 8).run(new PruneService.PruneOptions(false,
          0.5, false, actor(), "pouch prune"));
      return describe(r);
    }));
    delete(copy);

    // as bin/pouch starts the CLI; if that heap is too small, once more with a larger one
    List<String> jvm = BIN_POUCH_JVM;
    copy(template, copy);
    PruneRun cli = pouchCli(shape, copy, false, jvm);
    runs.add(cli);
    delete(copy);
    if (cli.requests() == null) {
      jvm = LARGER_HEAP_JVM;
      copy(template, copy);
      runs.add(pouchCli(shape, copy, false, jvm));
      delete(copy);
    }
    copy(template, copy);
    runs.add(pouchCli(shape, copy, true, jvm));
    delete(copy);
    delete(template);
  }

  private PruneRun pouchCli(RepositoryShape shape, Path repository, boolean traced, List<String> jvm)
      throws IOException, InterruptedException {
    String heap = jvm.get(jvm.size() - 1);
    String label = "pouch-" + shape.snapshots() + "-cli" + heap + (traced ? "-strace" : "");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString(), "prune", "--repo", repository.toString(),
        "--password-file", passwordFile.toString(), "--json"));
    Path trace = logs.resolve(label + ".strace");
    MeasuredProcess.Outcome o = measured.run(label, traced ? strace(trace, command)
        : new Invocation(command, Map.of(), null));
    List<String> notes = new ArrayList<>();
    Map<String, Long> requests = null;
    String packs = null;
    if (o.time().exitStatus() != 0) {
      notes.add("exit " + o.time().exitStatus() + ": " + String.join(" / ",
          Files.readString(o.stderr()).strip().lines().limit(3).toList()));
    } else {
      JsonNode json = Json.mapper().readTree(Files.readString(o.stdout()));
      requests = new LinkedHashMap<>();
      for (var it = json.get("requests").fields(); it.hasNext(); ) {
        var e = it.next();
        requests.put(e.getKey(), e.getValue().asLong());
      }
      JsonNode r = json.get("report");
      packs = describe(r.get("packsUnused").asInt(), r.get("packsUnindexed").asInt(), r.get("packsRepacked").asInt(),
          r.get("packsWritten").asInt(), r.get("indexesDeleted").asInt(), r.get("indexesWritten").asInt());
    }
    return new PruneRun("pouch CLI prune " + heap + (traced ? " + strace" : ""), shape.keepLast(), o.wallSeconds(),
        o.time().cpuSeconds(), o.time().peakRssBytes(), requests, null, null, null,
        traced ? StraceSummary.calls(Files.readString(trace)) : null, packs, notes);
  }

  private void restic(RepositoryShape shape) throws IOException, InterruptedException {
    Path dir = options.work().resolve("restic-" + shape.snapshots());
    Path template = dir.resolve("template");
    Path cache = dir.resolve("cache");
    Map<String, String> env = Map.of("RESTIC_PASSWORD", new String(password), "RESTIC_CACHE_DIR", cache.toString());
    out.printf("restic: building %s%n", shape.describe());
    var took = new ResticRepositoryBuilder(shape, options.seed(), env).build(template, dir.resolve("source"),
        options.resticLanes(), logs.resolve("restic-build.log"), n -> out.printf("  %,d snapshots%n", n));
    out.printf("restic: built %,d snapshots in %s (%d backups at a time)%n", shape.snapshots(), took,
        options.resticLanes());
    notes.add(String.format(Locale.ROOT, "restic %,d: built in %.0f s with %d backups at a time: %,d files in data/ "
            + "(packs), %,d in index/", shape.snapshots(), took.toMillis() / 1e3, options.resticLanes(),
        files(template.resolve("data")), files(template.resolve("index"))));
    MeasuredProcess.Outcome forget = measured.run("restic-forget", ResticRepositoryBuilder.restic(env, template,
        "forget", "--group-by", "host", "--keep-last", String.valueOf(shape.keepLast())));
    check(forget, "restic forget");
    runs.add(new PruneRun("restic forget", shape.snapshots(), forget.wallSeconds(), forget.time().cpuSeconds(),
        forget.time().peakRssBytes(), null, null, null, null, null, null, List.of()));
    Path copy = dir.resolve("run");
    Path cacheCopy = dir.resolve("run-cache");
    for (boolean traced : new boolean[] {false, true}) {
      copy(template, copy);
      copy(cache, cacheCopy);
      Map<String, String> runEnv = Map.of("RESTIC_PASSWORD", new String(password), "RESTIC_CACHE_DIR",
          cacheCopy.toString());
      String label = "restic-" + shape.snapshots() + "-prune" + (traced ? "-strace" : "");
      Path trace = logs.resolve(label + ".strace");
      Invocation prune = ResticRepositoryBuilder.restic(runEnv, copy, "prune");
      MeasuredProcess.Outcome o = measured.run(label, traced ? strace(trace, prune.command(), runEnv) : prune);
      check(o, "restic prune");
      runs.add(new PruneRun("restic prune" + (traced ? " + strace" : ""), shape.keepLast(), o.wallSeconds(),
          o.time().cpuSeconds(), o.time().peakRssBytes(), null, null, null, null,
          traced ? StraceSummary.calls(Files.readString(trace)) : null,
          resticPacks(Files.readString(o.stdout())), List.of()));
      delete(copy);
      delete(cacheCopy);
    }
  }

  /** restic prune's figures from its output: {@code repacked 29, removed 40, index files deleted 20}. */
  static String resticPacks(String stdout) {
    List<String> parts = new ArrayList<>();
    for (Pattern p : List.of(RESTIC_REPACKED, RESTIC_REMOVED, RESTIC_INDEX_DELETED)) {
      Matcher m = p.matcher(stdout);
      if (m.find()) {
        parts.add(p == RESTIC_REPACKED ? "repacked " + m.group(1) : p == RESTIC_REMOVED ? "removed " + m.group(1)
            : "index files deleted " + m.group(1));
      }
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  static String describe(PruneReport r) {
    return describe(r.packsUnused(), r.packsUnindexed(), r.packsRepacked(), r.packsWritten(), r.indexesDeleted(),
        r.indexesWritten());
  }

  static String describe(int unused, int unindexed, int repacked, int written, int indexesDeleted,
      int indexesWritten) {
    return String.format(Locale.ROOT, "deleted %,d unused + %,d unindexed, repacked %,d into %,d; "
        + "index objects %,d -> %,d", unused, unindexed, repacked, written, indexesDeleted, indexesWritten);
  }

  private interface RepositoryStep {
    String run(Repository repository) throws IOException;
  }

  /** Runs a step in this JVM over a metered, listing-counting local backend (fsync on, as the CLI). */
  private PruneRun inProcess(String label, Path root, int snapshots, RepositoryStep step) throws IOException {
    StorageMeter meter = new StorageMeter();
    ListingOrigins counting = new ListingOrigins(LocalStorageBackend.of(LocalBackendConfig.of(root)));
    try (MeteredStorageBackend backend = MeteredStorageBackend.of(counting, meter, System::nanoTime)) {
      Repository repository = Repository.open(backend, password, Clock.systemUTC(), new SecureRandom());
      counting.reset();
      StorageMeter.Snapshot before = meter.snapshot();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      String what = step.run(repository);
      double wall = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
      StorageMeter.Snapshot after = meter.snapshot();
      Map<String, Long> requests = new LinkedHashMap<>();
      long total = 0;
      for (StorageOperation op : StorageOperation.values()) {
        long n = after.operation(op).requests() - before.operation(op).requests();
        requests.put(op.label(), n);
        total += n;
      }
      requests.put("total", total);
      out.printf("%s: %.2f s, %s%n", label, wall, what);
      return new PruneRun(label, snapshots, wall, cpuSeconds, null, requests, counting.countsByPrefix(),
          after.bytesDownloaded() - before.bytesDownloaded(), after.bytesUploaded() - before.bytesUploaded(), null,
          what, List.of());
    }
  }

  private static long files(Path directory) throws IOException {
    try (var walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  private static LockService locks(Repository repository) {
    return new LockService(repository, "bench", ProcessHandle.current().pid());
  }

  private static Actor actor() {
    return new Actor(System.getProperty("user.name", "bench"), "bench", ProcessHandle.current().pid());
  }

  private static Invocation strace(Path output, List<String> command) {
    return strace(output, command, Map.of());
  }

  private static Invocation strace(Path output, List<String> command, Map<String, String> environment) {
    List<String> traced = new ArrayList<>(List.of("strace", "-f", "-c", "-o", output.toString(), "-e", TRACED));
    traced.addAll(command);
    return new Invocation(traced, environment, null);
  }

  private static void check(MeasuredProcess.Outcome o, String what) throws IOException {
    if (o.time().exitStatus() != 0) {
      throw new IOException(what + " exited with " + o.time().exitStatus() + "; see " + o.stderr());
    }
  }

  private static void copy(Path from, Path to) throws IOException, InterruptedException {
    command("cp", "-a", from.toString(), to.toString());
  }

  private static void delete(Path path) throws IOException, InterruptedException {
    command("rm", "-rf", path.toString());
  }

  private static void command(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
  }
}
