package dev.pouch.agent.cli;

import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.audit.AuditRecord;
import dev.pouch.storage.StorageBackend;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "List the audit trail: who deleted what, when (forget, prune, repair, key).")
final class AuditCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = "--objects", description = "Also list every deleted object key.")
  boolean objects;

  AuditCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    try (StorageBackend backend = repository.backend(ctx)) {
      AuditLog.Listing listing = new AuditLog(repository.open(ctx, backend)).list();
      if (output.json) {
        output.printJson(ctx, listing);
      } else {
        for (AuditLog.Entry e : listing.entries()) {
          AuditRecord r = e.record();
          ctx.out().printf("%s  %-7s  %s  %s: %d snapshot(s), %d object(s)%s%n",
              r.time().truncatedTo(ChronoUnit.SECONDS), r.phase().name().toLowerCase(), r.actor().describe(),
              r.command(), r.snapshots().size(), r.objects().size(), r.note() == null ? "" : " - " + r.note());
          if (objects) {
            r.objects().forEach(k -> ctx.out().println("    " + k));
          }
        }
        ctx.out().printf("%d record(s)%n", listing.entries().size());
      }
      for (AuditLog.Unreadable u : listing.unreadable()) {
        ctx.err().println("warning: audit record " + u.name() + " is unreadable: " + u.reason());
      }
      return listing.unreadable().isEmpty() ? ExitCodes.OK : ExitCodes.INTEGRITY;
    }
  }
}
