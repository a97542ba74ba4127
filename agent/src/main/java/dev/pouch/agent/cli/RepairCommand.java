package dev.pouch.agent.cli;

import dev.pouch.agent.maintenance.IndexRebuilder;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.StorageBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "repair", description = "Repair repository structures.", subcommands = RepairCommand.Index.class)
final class RepairCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new UsageException("give a repair subcommand: index");
  }

  @Command(name = "index", description = {"Rebuild the index from the packs' own headers (when index objects were "
      + "lost or damaged).", "Takes an exclusive lock; new index objects are written before the old ones are "
      + "deleted; a failed or short read stops it before anything is written or deleted. Packs whose header does "
      + "not authenticate are left in place and listed (exit 3); what the old index objects that still "
      + "authenticate say about them is kept in the new index."})
  static final class Index implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin RepositoryOptions repository;
    @Mixin OutputOptions output;

    @Option(names = "--threads", description = "Parallel header reads (default: 8).")
    Integer threads;

    Index(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        Repository repo = repository.open(ctx, backend);
        IndexRebuilder.RebuildReport report = new IndexRebuilder(repo, Invocation.locks(repo),
            threads != null ? threads : 8).rebuild(Invocation.actor(), Invocation.commandLine(spec));
        if (output.json) {
          output.printJson(ctx, report);
        } else {
          ctx.out().printf("indexed %d of %d pack(s) from their headers, %d more from the old index, in %d new index "
              + "object(s); removed %d old one(s)%n", report.packsIndexed(), report.packs(), report.kept().size(),
              report.indexesWritten(), report.indexesDeleted());
          for (IndexRebuilder.SkippedPack p : report.kept()) {
            ctx.out().printf("error: %s: %s; kept in the index as the old index described it%n", p.key(),
                p.reason());
          }
          for (IndexRebuilder.SkippedPack p : report.unindexed()) {
            ctx.out().printf("error: %s left out: %s; no readable old index object described it, so its chunks are "
                + "in no index now%n", p.key(), p.reason());
          }
        }
        return report.skipped().isEmpty() ? ExitCodes.OK : ExitCodes.INTEGRITY;
      }
    }
  }
}
