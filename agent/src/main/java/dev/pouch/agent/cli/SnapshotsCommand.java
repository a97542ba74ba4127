package dev.pouch.agent.cli;

import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "snapshots", description = "List snapshots, oldest first.")
final class SnapshotsCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = "--pitr", description = "Show the point-in-time recovery windows and gaps instead.")
  boolean pitr;

  SnapshotsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.open(ctx, backend);
      if (pitr) {
        return printCoverage(PitrIndex.coverage(repo));
      }
      // One snapshot in memory at a time: a listing of every snapshot with its file list (list()) needs gigabytes of
      // heap for 10,000 snapshots of 1,000 files each.
      List<Row> rows = new ArrayList<>();
      List<SnapshotStore.Unreadable> unreadable = new SnapshotStore(repo).forEachReadable((id, s) -> rows.add(
          new Row(id.hex(), s.time(), s.host(), s.source(), s.tags(), s.parent(), s.files().size(), s.totalBytes(),
              s.summary())));
      rows.sort(Comparator.comparing(Row::time).thenComparing(Row::id));
      if (output.json) {
        output.printJson(ctx, rows);
      } else {
        ctx.out().printf("%-8s  %-20s  %-16s  %8s  %10s  %s%n", "ID", "TIME", "HOST", "FILES", "SIZE", "SOURCE");
        for (Row r : rows) {
          ctx.out().printf("%-8s  %-20s  %-16s  %8d  %10s  %s%n", r.id().substring(0, 8),
              r.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.host(), r.files(),
              ByteSizes.format(r.bytes()), r.source());
        }
        ctx.out().printf("%d snapshot(s)%n", rows.size());
      }
      for (SnapshotStore.Unreadable u : unreadable) {
        ctx.err().println("warning: snapshot " + u.id().shortHex() + " is unreadable: " + u.reason());
      }
      return unreadable.isEmpty() ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
  }

  /** What the listing shows of a snapshot; also its JSON form. */
  record Row(String id, Instant time, String host, String source, List<String> tags, String parent, int files,
      long bytes, BackupSummary summary) {}

  private int printCoverage(PitrIndex.Coverage c) {
    if (output.json) {
      output.printJson(ctx, c);
      return ExitCodes.OK;
    }
    if (c.windows().isEmpty()) {
      ctx.out().println("no point-in-time recovery yet: it needs a Wombat snapshot ('pouch backup') and shipped WAL "
          + "('pouch backup --continuous')");
      return ExitCodes.OK;
    }
    ctx.out().printf("%d base snapshot(s), %d WAL piece(s)%n", c.bases(), c.pieces());
    for (PitrIndex.Window w : c.windows()) {
      ctx.out().printf("recoverable: %s .. %s%n", w.from(), w.to());
    }
    for (PitrIndex.Gap g : c.gaps()) {
      ctx.out().printf("gap:         %s .. %s (no recovery point for %s)%n", g.from(), g.to(),
          dev.pouch.agent.schedule.Durations.human(java.time.Duration.between(g.from(), g.to())));
    }
    return ExitCodes.OK;
  }
}