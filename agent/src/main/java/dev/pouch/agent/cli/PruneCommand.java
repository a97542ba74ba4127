package dev.pouch.agent.cli;

import dev.pouch.agent.maintenance.PruneReport;
import dev.pouch.agent.maintenance.PruneService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.StaleUploads;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", description = {"Delete data no snapshot uses and repack partly used packs.",
    "Takes an exclusive lock, so it never runs beside a backup; removes stale locks first and reports them.",
    "Safe to interrupt: new packs and index are written before anything old is deleted."})
final class PruneCommand implements Callable<Integer> {

  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = {"-n", "--dry-run"}, description = "Print what would be deleted and repacked; change nothing.")
  boolean dryRun;

  @Option(names = "--repack-threshold", paramLabel = "FRACTION", defaultValue = "0.5",
      description = "Repack packs with less than this fraction of their bytes in use; 0 never repacks "
          + "(default: ${DEFAULT-VALUE}).")
  double repackThreshold;

  @Option(names = "--rewrite-old-epochs", description = "Also re-encrypt every pack of an older key epoch "
      + "(after 'pouch key rotate').")
  boolean rewriteOldEpochs;

  @Option(names = "--threads", description = "Parallel reads of snapshots and index objects (default: 8).")
  Integer threads;

  @Option(names = "--abandoned-after", paramLabel = "DURATION", defaultValue = "1h",
      description = "Leftovers of interrupted uploads older than this are removed: .tmp- files of a local "
          + "repository, unfinished S3 multipart uploads (never shorter than the longest upload; default: "
          + "${DEFAULT-VALUE}).")
  String abandonedAfter;

  PruneCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    PruneService.PruneOptions options = new PruneService.PruneOptions(dryRun, repackThreshold, rewriteOldEpochs,
        Invocation.actor(), Invocation.commandLine(spec));
    Duration abandoned = dev.pouch.agent.schedule.Durations.parse(abandonedAfter); // refused before pruning
    StorageMeter meter = new StorageMeter();
    try (StorageBackend backend = MeteredStorageBackend.of(repository.backend(ctx), meter, System::nanoTime)) {
      Repository repo = repository.open(ctx, backend);
      StorageMeter.Snapshot before = meter.snapshot();
      PruneReport report = new PruneService(repo, Invocation.locks(repo), threads != null ? threads : 8)
          .run(options);
      Map<String, Long> requests = requests(before, meter.snapshot());
      int temporaries = dryRun ? 0 : cleanTemporaries(abandoned);
      // parts of uploads whose process died: invisible, but stored and billed until aborted
      Optional<StaleUploads> stale = backend.role(StaleUploads.class);
      int uploadsAborted = dryRun || stale.isEmpty() ? 0 : stale.get().abortStaleUploads(abandoned);
      if (output.json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("report", report);
        out.put("requests", requests);
        out.put("temporariesRemoved", temporaries);
        out.put("uploadsAborted", uploadsAborted);
        output.printJson(ctx, out);
      } else {
        print(report, requests, temporaries);
        if (uploadsAborted > 0) {
          ctx.out().printf("aborted %d unfinished multipart upload(s) of interrupted backups%n", uploadsAborted);
        }
      }
    }
    return ExitCodes.OK;
  }

  private static Map<String, Long> requests(StorageMeter.Snapshot before, StorageMeter.Snapshot after) {
    Map<String, Long> out = new LinkedHashMap<>();
    long total = 0;
    for (StorageOperation op : StorageOperation.values()) {
      long n = after.operation(op).requests() - before.operation(op).requests();
      out.put(op.label(), n);
      total += n;
    }
    out.put("total", total);
    return out;
  }

  /** Leftovers of interrupted uploads to a local repository ({@code .tmp-} files); none exist on object stores. */
  private int cleanTemporaries(Duration olderThan) throws Exception {
    String url = repository.url(ctx);
    if (url.contains("://")) {
      return 0;
    }
    Path root = Path.of(url.startsWith("file:") ? url.substring("file:".length()) : url);
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root.toAbsolutePath().normalize()),
        ctx.clock())) {
      return local.cleanStaleTemporaries(olderThan);
    }
  }

  private void print(PruneReport r, Map<String, Long> requests, int temporaries) {
    boolean dry = r.dryRun();
    for (String lock : r.staleLocks()) {
      ctx.out().println((r.dryRun() ? "stale lock (would remove): " : "removed stale lock: ") + lock);
    }
    ctx.out().printf("%d snapshot(s) use %d chunk(s) in %d pack(s) (%s)%n", r.snapshots(), r.chunksUsed(),
        r.packsBefore(), ByteSizes.format(r.bytesBefore()));
    ctx.out().printf("%s %d unused pack(s) and %d unindexed pack(s), %s %d pack(s)%s%n",
        dry ? "would delete" : "deleted", r.packsUnused(), r.packsUnindexed(), dry ? "would repack" : "repacked",
        r.packsRepacked(), dry ? "" : " into " + r.packsWritten() + " new");
    if (r.indexEntriesDropped() > 0) {
      ctx.out().printf("%d indexed pack(s) were already missing; %s from the index%n", r.indexEntriesDropped(),
          dry ? "would be dropped" : "dropped");
    }
    ctx.out().printf("%s %s, %s remain; index: %d object(s) %s by %d%n", dry ? "would free" : "freed",
        ByteSizes.format(r.bytesDeleted() - r.bytesWritten()), ByteSizes.format(r.bytesAfter()), r.indexesDeleted(),
        dry ? "would be replaced" : "replaced", r.indexesWritten());
    for (String kept : r.retained()) {
      ctx.out().println("left in place, under retention: " + kept);
    }
    if (temporaries > 0) {
      ctx.out().printf("removed %d leftover temporary file(s) of interrupted uploads%n", temporaries);
    }
    ctx.out().printf("storage requests: %d (list %d, read %d, stat %d, write %d, delete %d)%n", requests.get("total"),
        requests.get("list"), requests.get("open"), requests.get("stat"), requests.get("put"), requests.get("delete"));
  }
}
