package dev.pouch.agent.cli;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.config.ConfigException;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.LoadedConfig;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.config.SourceSection;
import dev.pouch.agent.monitoring.BackupKind;
import dev.pouch.agent.monitoring.MetricsServer;
import dev.pouch.agent.monitoring.PouchMetrics;
import dev.pouch.agent.monitoring.StorageMetricsCollector;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.run.BackupPlanner;
import dev.pouch.agent.run.CopyTargetOpener;
import dev.pouch.agent.run.Sidecar;
import dev.pouch.agent.run.SidecarEvent;
import dev.pouch.agent.run.Waiter;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.agent.throttle.ProcessPriority;
import dev.pouch.agent.throttle.ReadLimits;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import dev.pouch.storage.ratelimit.BandwidthLimits;
import dev.pouch.storage.ratelimit.RateLimitedStorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = {"Run as a long-lived agent (e.g. a sidecar next to Wombat): scheduled full and "
    + "incremental backups, verification, copies to the copy targets after every backup, continuous WAL shipping "
    + "for point-in-time recovery, scheduled cleanup (forget by retention, then prune), DR drills, Prometheus "
    + "metrics on /metrics, /healthz and /readyz. SIGTERM stops it cleanly (exit 0): a running backup may finish "
    + "within shutdown.grace, else it is abandoned without leaving a snapshot; a WAL shipping round completes.",
    "A full backup re-reads and re-hashes every file; an incremental one skips files unchanged since the last "
    + "snapshot. See docs/operations.md."})
final class RunCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin OutputOptions output;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The pouch.yaml to run.")
  Path configFile;

  @Option(names = "--once", description = "Run one backup now (plus verification as configured) and exit; for "
      + "timers and cron.")
  boolean once;

  @Option(names = "--full", description = "With --once: a full backup (re-read every file).")
  boolean full;

  @Option(names = "--check-config", description = "Only read and check the config file, then exit.")
  boolean checkConfig;

  RunCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    LoadedConfig loaded;
    try {
      loaded = new ConfigLoader(ctx.env()).load(configFile);
      var schedule = loaded.config().schedule();
      if (!once && !checkConfig && schedule.full() == null && schedule.incremental() == null
          && schedule.continuous() == null) {
        throw loaded.error("schedule", "nothing to run: set schedule.full, schedule.incremental and/or "
            + "schedule.continuous (or use --once)");
      }
    } catch (ConfigException e) {
      for (String problem : e.problems()) {
        ctx.err().println("pouch: " + problem);
      }
      return ExitCodes.USAGE;
    }
    PouchConfig config = loaded.config();
    if (checkConfig) {
      if (output.json) {
        output.printJson(ctx, config);
      } else {
        ctx.out().println(loaded.file() + ": OK");
      }
      return ExitCodes.OK;
    }
    StorageMeter meter = new StorageMeter();
    try (StorageBackend backend = backend(config, meter)) {
      char[] password = Passwords.current(ctx, Optional.ofNullable(config.repository().passwordFile())
          .map(Path::of).orElse(null));
      Repository repo = Repository.open(backend, password, ctx.clock(), ctx.random());
      if (!repo.config().compression().equals(config.compression().repositoryName())) {
        try {
          throw loaded.error("compression", "the repository at " + backend.describe() + " uses "
              + repo.config().compression() + "; compression is chosen at 'pouch init' and cannot differ per backup");
        } catch (ConfigException e) {
          e.problems().forEach(p -> ctx.err().println("pouch: " + p));
          return ExitCodes.USAGE;
        }
      }
      PouchMetrics metrics = new PouchMetrics();
      StorageMetricsCollector.register(metrics, scheme(config.repository().url()), meter);
      String host = config.source().host() != null ? config.source().host() : Hosts.name();
      ReadLimits limits = readLimits(config);
      try (Sidecar sidecar = new Sidecar(repo, config, planner(config, host, limits, metrics), metrics, this::print,
          new Actor(Hosts.user(), host, ProcessHandle.current().pid()), copyTargets(password), Sleeper.system())) {
        sidecar.loadState();
        if (once) {
          return sidecar.backupNow(full ? BackupKind.FULL : BackupKind.INCREMENTAL) ? ExitCodes.OK
              : ExitCodes.FAILURE;
        }
        serve(config, backend, metrics, limits, sidecar);
      }
    }
    return ExitCodes.OK;
  }

  private void serve(PouchConfig config, StorageBackend backend, PouchMetrics metrics, ReadLimits limits,
      Sidecar sidecar) throws IOException, InterruptedException {
    MetricsServer server = null;
    if (!config.monitoring().listen().isOff()) {
      server = MetricsServer.start(config.monitoring().listen().host(), config.monitoring().listen().port(),
          metrics, sidecar::notReadyReason);
      print(new SidecarEvent(ctx.clock().instant(), "start", "serving /metrics, /healthz and /readyz on "
          + config.monitoring().listen().host() + ":" + server.port()));
    }
    print(new SidecarEvent(ctx.clock().instant(), "start", "repository " + backend.describe() + ", next job at "
        + sidecar.nextDue().map(Object::toString).orElse("never")));
    // Only the long-running loop lowers its own priority: --once runs from a timer or cron, whose unit sets it
    // (Nice=, IOSchedulingClass=; docs/operations.md).
    print(new SidecarEvent(ctx.clock().instant(), "start", limits.describe() + limits.priority()
        .apply(ProcessPriority.ofThisProcess()).map(done -> "; " + done).orElse("")));
    installStopSignals(sidecar);
    try {
      sidecar.runUntilStopped(Waiter.blocking(ctx.clock()), Waiter.blocking(ctx.clock()));
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Opens copy targets for the sidecar: the URL as every command reads it, the password from the target's
   * password_file or else the primary's (a target made with 'pouch init --copy-of' shares it).
   */
  private CopyTargetOpener copyTargets(char[] primaryPassword) {
    return target -> {
      char[] password = target.passwordFile() != null ? Passwords.current(ctx, Path.of(target.passwordFile()))
          : primaryPassword;
      StorageBackend backend = Backends.open(target.url(), ctx.env());
      try {
        return Repository.open(backend, password, ctx.clock(), ctx.random());
      } catch (IOException | RuntimeException e) {
        try {
          backend.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    };
  }

  /**
   * SIGTERM and SIGINT ask the loop to stop instead of killing the JVM, so the command returns and the process
   * exits 0 (the JVM's own handling would exit 143 from inside shutdown hooks). sun.misc.Signal is the JDK's only
   * way to do this; it is in jdk.unsupported and stable.
   */
  @SuppressWarnings("removal")
  private static void installStopSignals(Sidecar sidecar) {
    for (String name : List.of("TERM", "INT")) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), s -> sidecar.requestStop());
    }
  }

  private StorageBackend backend(PouchConfig config, StorageMeter meter) throws IOException {
    StorageBackend backend = Backends.open(config.repository().url(), ctx.env());
    long up = config.limits().uploadRate() == null ? BandwidthLimits.UNLIMITED
        : config.limits().uploadRate().bytesPerSecond();
    long down = config.limits().downloadRate() == null ? BandwidthLimits.UNLIMITED
        : config.limits().downloadRate().bytesPerSecond();
    if (up != BandwidthLimits.UNLIMITED || down != BandwidthLimits.UNLIMITED) {
      backend = RateLimitedStorageBackend.of(backend, BandwidthLimits.of(up, down), System::nanoTime,
          Sleeper.system());
    }
    return MeteredStorageBackend.of(backend, meter, System::nanoTime);
  }

  /** {@code limits.read_rate/adaptive/priority} over the sidecar's defaults (low priority). */
  private static ReadLimits readLimits(PouchConfig config) {
    ReadLimits defaults = ReadLimits.sidecarDefaults();
    var l = config.limits();
    return new ReadLimits(l.readRate() == null ? defaults.readBytesPerSecond() : l.readRate().bytesPerSecond(),
        l.adaptive() != null ? l.adaptive() : defaults.adaptive(),
        l.priority() != null ? ReadLimits.Priority.parse(l.priority()) : defaults.priority(), defaults.cache());
  }

  /** Wombat or plain capture is decided at each backup (a fresh Wombat directory may still be empty at start). */
  private BackupPlanner planner(PouchConfig config, String host, ReadLimits limits, PouchMetrics metrics) {
    java.util.concurrent.ScheduledExecutorService ticker = ReadLimits.newTicker();
    SourceSection source = config.source();
    Path path = Path.of(source.path());
    int threads = config.limits().threads() != null ? config.limits().threads()
        : ReadLimits.sidecarThreads(Runtime.getRuntime().availableProcessors());
    Optional<Long> max = Optional.ofNullable(config.limits().maxBackupSize()).map(s -> s.bytes());
    return kind -> {
      boolean wombat = switch (source.format()) {
        case "wombat" -> true;
        case "plain" -> false;
        default -> WombatCapture.looksLikeWombat(path);
      };
      // Wombat capture knows its WAL and temp files by content; plain capture excludes them by name.
      List<String> excludes = wombat ? source.exclude() : source.effectiveExcludes();
      BackupRequest request = new BackupRequest(path, new ExcludeRules(excludes), List.of("pouch-run",
          kind.label()), host, Optional.empty(), kind == BackupKind.FULL, threads, max)
          .withReads(limits.reads(path, ticker, metrics::readThrottle));
      return new BackupPlanner.PlannedBackup(request, CaptureStrategies.choose(wombat ? "wombat" : "plain", path,
          wombat && source.excludeWal(), !source.excludeTemp(), ctx.clock()));
    };
  }

  static String scheme(String url) {
    int i = url.indexOf("://");
    return i > 0 ? url.substring(0, i) : "local";
  }

  private synchronized void print(SidecarEvent e) {
    if (output.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("time", e.time().toString());
      json.put("event", e.kind());
      json.put("message", e.message());
      output.printJson(ctx, json);
    } else {
      ctx.out().println(e.time() + " " + e.kind() + ": " + e.message());
    }
    ctx.out().flush();
  }
}
