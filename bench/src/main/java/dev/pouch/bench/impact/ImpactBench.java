package dev.pouch.bench.impact;

import dev.pouch.agent.throttle.DiskBusyProbe;
import dev.pouch.wombat.simulator.GenerateResult;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The database's write latency while pouch backs up a 1 GiB store (bench/README.md, "Impact on the database").
 *
 * <p>A {@link PacedWriter} (the database) writes at a fixed rate, with an fsync per write unless {@code --no-fsync},
 * in this JVM; for each {@link BackupSetting} the store's pages are dropped from the cache (cold SSTs), a quiet window
 * is measured, then {@code pouch backup} runs as a child process into a fresh repository while the writes go on, then
 * after a cooldown a second quiet window: the backup is compared with the quiet windows on both sides of it, so a
 * slow stretch of the shared disk that starts during the backup and outlasts it counts on both sides. The
 * store is a Wombat directory from {@link WombatSimulator#generate} (SST-heavy), kept in the work directory for later
 * runs; the database that writes is a second, live simulator beside it on the same disk.
 */
public final class ImpactBench {

  /**
   * Bytes to generate per byte wanted on disk: the SST-heavy mix leaves more on disk than it counts as written
   * (preallocated WALs, tables of several levels); 0.72 gave 913 MiB for 1 GiB.
   */
  private static final double WRITTEN_PER_STORED_BYTE = 0.81;

  /** Suffix of the quiet window after a backup. */
  static final String AFTER = "/after";

  private ImpactBench() {}

  public static void main(String[] args) throws Exception {
    ImpactOptions options;
    try {
      options = ImpactOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String report = run(options);
    System.out.println(report);
  }

  static String run(ImpactOptions o) throws Exception {
    Path work = o.work().toAbsolutePath();
    Files.createDirectories(work);
    Path store = ensureStore(work.resolve("store"), o.storeBytes());
    StorePages pages = StorePages.of(store);
    Path password = Files.writeString(work.resolve("password"), "impact-bench\n");
    Path live = work.resolve("live");
    deleteTree(live);
    String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
    Path logs = work.resolve("logs-" + stamp);
    BackupRun pouch = new BackupRun(o.java(), o.pouchJar().toAbsolutePath(), password, logs);
    Optional<DiskBusyProbe> disk = DiskBusyProbe.forSource(store, Path.of("/proc"));
    List<BackupSetting> settings = BackupSetting.all().stream().filter(s -> o.settings().contains(s.name())).toList();
    LatencyLog log = new LatencyLog();
    List<SettingResult> results = new ArrayList<>();
    log("store: %s, %.0f MiB in %d files; database writes %.0f/s%s into %s; repositories in %s", store,
        pages.totalBytes() / (double) (1 << 20), Files.list(store).count(), o.writesPerSecond(),
        o.fsync() ? " with an fsync each" : "", live, o.repositories());
    try (PacedWriter writer = PacedWriter.start(live, o.writesPerSecond(), log, o.fsync())) {
      sleep(10);
      for (int round = 1; round <= o.rounds(); round++) {
        for (BackupSetting s : settings) {
          String label = s.name() + "-" + round;
          Path repo = o.repositories().resolve("pouch-impact-" + label);
          deleteTree(repo);
          pouch.init(repo, label);
          if (o.cold()) {
            pages.evict();
          }
          writer.phase("quiet:" + label);
          disk.ifPresent(d -> d.sample(System.nanoTime()));
          SystemPressure pressure = SystemPressure.start();
          sleep(o.quietSeconds());
          SettingResult.Machine quiet = new SettingResult.Machine(disk.map(d -> d.sample(System.nanoTime()))
              .orElse(OptionalDouble.empty()), pressure.cpu(), pressure.io());
          writer.phase("backup:" + label);
          pressure = SystemPressure.start();
          BackupRun.Outcome outcome = pouch.backup(repo, store, s.arguments(), label);
          SettingResult.Machine during = new SettingResult.Machine(disk.map(d -> d.sample(System.nanoTime()))
              .orElse(OptionalDouble.empty()), pressure.cpu(), pressure.io());
          writer.phase("cooldown");
          OptionalLong cachedAfter = pages.cachedBytes();
          sleep(o.cooldownSeconds());
          writer.phase("quiet:" + label + AFTER);
          sleep(o.quietSeconds());
          writer.phase("cooldown");
          if (writer.failed()) {
            break;
          }
          Predicate<String> quietWindows = phase -> phase.equals("quiet:" + label)
              || phase.equals("quiet:" + label + AFTER);
          SettingResult r = new SettingResult(s, round, log.stats(quietWindows), log.stats("backup:" + label),
              SettingResult.Parts.of(log, quietWindows), SettingResult.Parts.of(log, "backup:" + label), outcome,
              quiet, during, cachedAfter);
          results.add(r);
          log("%s: backup %.1f s, p99 %.2f -> %.2f ms", label, outcome.seconds(), r.quiet().p99Millis(),
              r.during().p99Millis());
          deleteTree(repo);
        }
      }
    }
    String context = String.format(Locale.ROOT, "Store %.0f MiB (%s), writes %.0f/s%s, quiet windows of %d s before "
            + "and %d s after each backup (after a cooldown of %d s), "
            + "%s cache before each setting, repositories in %s, %d cores, pouch on %s; load average at the end %.1f.",
        pages.totalBytes() / (double) (1 << 20), store.getFileName(), o.writesPerSecond(),
        o.fsync() ? " + fsync" : " (no fsync)", o.quietSeconds(), o.quietSeconds(), o.cooldownSeconds(),
        o.cold() ? "store dropped from the" : "store left in the", o.repositories(),
        Runtime.getRuntime().availableProcessors(), o.java(), loadAverage());
    String report = ImpactReport.render(results, ImpactReport.pooled(log, results), context);
    Files.writeString(logs.resolve("impact.md"), report, StandardCharsets.UTF_8);
    return report;
  }

  /** Generates the store once: an SST-heavy Wombat directory of about {@code bytes}, kept for later runs. */
  private static Path ensureStore(Path store, long bytes) throws IOException {
    Path done = store.resolveSibling("store.done");
    String key = bytes + " sst-heavy x" + WRITTEN_PER_STORED_BYTE;
    if (Files.exists(done) && Files.readString(done).strip().equals(key)) {
      return store;
    }
    deleteTree(store);
    long start = System.nanoTime();
    GenerateResult g = WombatSimulator.generate(store, (long) (bytes * WRITTEN_PER_STORED_BYTE), Mix.SST_HEAVY);
    log("generated %s: %.0f MiB in %d files in %.0f s", store, g.fileBytes() / (double) (1 << 20), g.files().size(),
        (System.nanoTime() - start) / 1e9);
    Files.writeString(done, key);
    return store;
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static void sleep(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
  }

  private static void log(String format, Object... args) {
    System.err.println(Instant.now() + " " + String.format(Locale.ROOT, format, args));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
