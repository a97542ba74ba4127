package dev.pouch.agent.cli;

import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.verify.Problem;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.storage.StorageBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", description = "Check the repository's integrity; exit 3 when anything is wrong.")
final class VerifyCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = "--read-data", description = "Also download every pack and authenticate every chunk.")
  boolean readData;

  @Option(names = "--threads", description = "Parallel downloads with --read-data (default: number of cores).")
  Integer threads;

  VerifyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.open(ctx, backend);
      VerifyReport report = new VerifyService(repo).verify(readData,
          threads != null ? threads : Math.max(2, Runtime.getRuntime().availableProcessors()),
          TerminalProgress.of(ctx, output.json));
      if (output.json) {
        output.printJson(ctx, report);
      } else {
        ctx.out().printf("checked %d snapshot(s), %d index(es), %d pack(s)%s%n", report.snapshots(), report.indexes(),
            report.packs(), readData ? ", read " + report.packsRead() + " pack(s) and " + report.chunksChecked()
                + " chunk(s)" : "");
        if (report.unreferencedPacks() > 0) {
          ctx.out().printf("%d pack(s) are unreferenced (left by interrupted backups; 'pouch prune' removes them)%n",
              report.unreferencedPacks());
        }
        for (Problem p : report.problems()) {
          ctx.out().printf("error: %s %s%s%n", p.object(), p.description(),
              p.affectedSnapshots().isEmpty() ? "" : " (affects snapshot(s) " + String.join(", ",
                  p.affectedSnapshots()) + ")");
        }
        ctx.out().println(report.ok() ? "no problems found" : report.problems().size() + " problem(s) found");
      }
      return report.ok() ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
  }
}
