package dev.pouch.agent.cli;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.pitr.ShipperOptions;
import dev.pouch.agent.pitr.WalShipper;
import dev.pouch.agent.source.CaptureStrategy;
import dev.pouch.agent.source.ExcludeRules;
import dev.pouch.agent.throttle.PageCachePolicy;
import dev.pouch.agent.throttle.ProcessPriority;
import dev.pouch.agent.throttle.ReadLimits;
import dev.pouch.storage.StorageBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = "Back up a directory into the repository (incremental against the last "
    + "snapshot of the same host and directory).")
final class BackupCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory to back up.")
  Path source;

  @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out matching paths (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG", description = "Tag the snapshot (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--host", description = "Host name recorded in the snapshot (default: this host).")
  String host;

  @Option(names = "--parent", paramLabel = "SNAPSHOT", description = "Compare against this snapshot.")
  String parent;

  @Option(names = "--force-rehash", description = "Read every file, even those that look unchanged.")
  boolean forceRehash;

  @Option(names = "--threads", description = "Worker threads (default: number of cores).")
  Integer threads;

  @Option(names = "--max-size", paramLabel = "BYTES", converter = ByteSizes.class,
      description = "Refuse to back up a source larger than this (e.g. 500GiB).")
  Long maxSize;

  @Option(names = "--source-format", defaultValue = "auto", paramLabel = "auto|wombat|plain",
      description = "How to capture DIR: 'wombat' applies Wombat's consistency rules to a live data directory, "
          + "'plain' copies files as they are, 'auto' (default) picks wombat when DIR holds Wombat files.")
  String sourceFormat;

  @Option(names = "--exclude-wal", description = "Leave WAL segments out (seed exclude_wal).")
  boolean excludeWal;

  @Option(names = "--include-temp", description = "Keep temporary files (tmp_*, *.tmp), left out by default.")
  boolean includeTemp;

  @Option(names = "--continuous", description = "After the backup, keep shipping new WAL records until stopped "
      + "(SIGTERM or Ctrl-C), for point-in-time recovery ('restore --at').")
  boolean continuous;

  @Option(names = "--cadence", defaultValue = "5s", paramLabel = "DURATION",
      description = "How often --continuous polls the WAL, and the longest new records wait (default: "
          + "${DEFAULT-VALUE}).")
  String cadence;

  @Option(names = "--requests-per-hour", defaultValue = "0", paramLabel = "N",
      description = "Storage request budget of --continuous; a busy database is then shipped in larger batches "
          + "(default: unlimited).")
  long requestsPerHour;

  @Option(names = "--limit-read", paramLabel = "RATE", description = "Read the source at most this fast, over all "
      + "files and threads (e.g. 50MiB/s); with --adaptive, the ceiling.")
  String limitRead;

  @Option(names = "--adaptive", description = "Slow reads down while the source disk is busy or the WAL grows fast, "
      + "speed them up while the database is quiet (see docs/throttling.md).")
  boolean adaptive;

  @Option(names = "--priority", defaultValue = "normal", paramLabel = "low|idle|normal", description = "CPU and I/O "
      + "priority on Linux: 'low' is nice 10, 'idle' the SCHED_IDLE policy (runs only on CPU time nothing else "
      + "wants), both in the idle I/O class (default: ${DEFAULT-VALUE}).")
  String priority;

  @Option(names = "--page-cache", defaultValue = "spare", paramLabel = "spare|through", description = "'spare' "
      + "reads SSTables that are not cached past the page cache (O_DIRECT), so the database keeps its cached pages; "
      + "'through' reads everything through the cache (default: ${DEFAULT-VALUE}).")
  String pageCache;

  BackupCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    String hostName = host != null ? host : Hosts.name();
    ReadLimits limits = new ReadLimits(limitRead == null ? 0 : dev.pouch.agent.config.ByteRate.parse(limitRead)
        .bytesPerSecond(), adaptive, ReadLimits.Priority.parse(priority), switch (pageCache) {
          case "spare" -> PageCachePolicy.SPARE_CACHE;
          case "through" -> PageCachePolicy.THROUGH_CACHE;
          default -> throw new UsageException("--page-cache must be spare or through, not '" + pageCache + "'");
        });
    limits.priority().apply(ProcessPriority.ofThisProcess()).ifPresent(done -> ctx.err().println("pouch: " + done));
    java.util.concurrent.ScheduledExecutorService ticker = ReadLimits.newTicker();
    BackupRequest request = new BackupRequest(source, new ExcludeRules(excludes), tags, hostName,
        Optional.ofNullable(parent), forceRehash,
        threads != null ? threads : Runtime.getRuntime().availableProcessors(), Optional.ofNullable(maxSize),
        limits.reads(source, ticker, dev.pouch.agent.throttle.ThrottleObserver.NONE));
    java.time.Duration pollEvery = continuous ? dev.pouch.agent.schedule.Durations.parse(cadence) : null;
    CaptureStrategy strategy = CaptureStrategies.choose(sourceFormat, source, excludeWal, includeTemp, ctx.clock());
    if (continuous && !(strategy instanceof dev.pouch.agent.capture.WombatCapture)) {
      throw new UsageException("--continuous ships a Wombat WAL; " + source + " is not captured as a Wombat directory");
    }
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.openWhile(ctx, backend,
          () -> strategy.prepare(request.source(), request.excludes()));
      LockService locks = new LockService(repo, hostName, ProcessHandle.current().pid());
      BackupService service = new BackupService(repo, locks, strategy);
      BackupService.BackupResult result = service.run(request, TerminalProgress.of(ctx, output.json));
      ticker.shutdownNow();
      BackupSummary s = result.snapshot().summary();
      if (output.json) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("snapshot", result.id().hex());
        json.put("summary", s);
        json.put("warnings", result.warnings());
        json.put("requests", Backends.requests(backend)); // what the storage was sent, retries included
        output.printJson(ctx, json);
      } else {
        for (String w : result.warnings()) {
          ctx.err().println("warning: " + w);
        }
        ctx.out().printf("snapshot %s saved%s%n", result.id().shortHex(),
            result.snapshot().wombat() != null ? " (consistent Wombat capture)" : "");
        ctx.out().printf("files: %d new, %d changed, %d unchanged%n", s.filesNew(), s.filesChanged(),
            s.filesUnchanged());
        ctx.out().printf("read %s of %s, added %s, stored %s in %d pack(s), %.1f s%n", ByteSizes.format(s.bytesRead()),
            ByteSizes.format(s.bytesTotal()), ByteSizes.format(s.bytesAdded()), ByteSizes.format(s.bytesStored()),
            s.packsWritten(), s.duration().toMillis() / 1000.0);
        if (s.throttleLimitBytesPerSecond() != null) {
          ctx.out().printf("read at %s/s under a read limit of %s/s%s%n", ByteSizes.format(s.readRateBytesPerSecond()),
              ByteSizes.format(s.throttleLimitBytesPerSecond()), adaptive ? " (adaptive, average)" : "");
        }
      }
      if (continuous) {
        ship(repo, locks, pollEvery);
      }
    }
    return ExitCodes.OK;
  }

  /** Ships WAL until the process is asked to stop; the round in progress completes first. */
  private void ship(Repository repo, LockService locks, java.time.Duration every) throws Exception {
    ShipperOptions options = ShipperOptions.defaults().withCadence(every).withRequestsPerHour(requestsPerHour);
    WalShipper shipper = WalShipper.resume(repo, source, options, locks, dev.pouch.storage.Sleeper.system(),
        ctx.clock());
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      try {
        done.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pouch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    SignalStop.commandStopsItself();
    if (!output.json) {
      ctx.out().printf("shipping WAL every %s; stop with SIGTERM or Ctrl-C%n", every);
      ctx.out().flush();
    }
    try {
      shipper.run(stop::get, round -> {
        if (output.json) {
          output.printJson(ctx, round);
        } else if (!round.shipped().isEmpty()) {
          ctx.out().printf("%s shipped %d piece(s), %s%n", round.polledAt(), round.shipped().size(),
              ByteSizes.format(round.shippedBytes()));
        }
        round.notes().forEach(n -> ctx.err().println("note: " + n));
        ctx.out().flush();
      });
    } finally {
      done.countDown();
    }
  }
}