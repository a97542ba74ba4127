package dev.pouch.agent.cli;

import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      SnapshotStore.Listing listing = new SnapshotStore(repo).list();
      if (output.json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SnapshotStore.Stored s : listing.snapshots()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("id", s.id().hex());
          row.put("time", s.snapshot().time());
          row.put("host", s.snapshot().host());
          row.put("source", s.snapshot().source());
          row.put("tags", s.snapshot().tags());
          row.put("parent", s.snapshot().parent());
          row.put("files", s.snapshot().files().size());
          row.put("bytes", s.snapshot().totalBytes());
          row.put("summary", s.snapshot().summary());
          rows.add(row);
        }
        output.printJson(ctx, rows);
      } else {
        ctx.out().printf("%-8s  %-20s  %-16s  %8s  %10s  %s%n", "ID", "TIME", "HOST", "FILES", "SIZE", "SOURCE");
        for (SnapshotStore.Stored s : listing.snapshots()) {
          ctx.out().printf("%-8s  %-20s  %-16s  %8d  %10s  %s%n", s.id().shortHex(),
              s.snapshot().time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), s.snapshot().host(),
              s.snapshot().files().size(), ByteSizes.format(s.snapshot().totalBytes()), s.snapshot().source());
        }
        ctx.out().printf("%d snapshot(s)%n", listing.snapshots().size());
      }
      for (SnapshotStore.Unreadable u : listing.unreadable()) {
        ctx.err().println("warning: snapshot " + u.id().shortHex() + " is unreadable: " + u.reason());
      }
      return listing.unreadable().isEmpty() ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
  }

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
          java.time.Duration.between(g.from(), g.to()));
    }
    return ExitCodes.OK;
  }
}