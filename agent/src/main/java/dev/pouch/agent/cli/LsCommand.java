package dev.pouch.agent.cli;

import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List the files of a snapshot.")
final class LsCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "'latest' or a snapshot id (prefix).")
  String snapshot;

  LsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.open(ctx, backend);
      SnapshotStore.Stored stored = new SnapshotStore(repo).resolve(snapshot);
      if (output.json) {
        output.printJson(ctx, stored.snapshot().files());
        return ExitCodes.OK;
      }
      ctx.out().println("snapshot " + stored.id().shortHex() + " of " + stored.snapshot().source() + " at "
          + stored.snapshot().time());
      for (FileEntry f : stored.snapshot().files()) {
        String name = f.type() == EntryType.DIRECTORY ? f.path() + "/"
            : f.type() == EntryType.SYMLINK ? f.path() + " -> " + f.linkTarget() : f.path();
        ctx.out().printf("%s %04o %12d  %s  %s%n", f.type().name().substring(0, 1).toLowerCase(), f.mode(), f.size(),
            f.mtime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), name);
      }
    }
    return ExitCodes.OK;
  }
}
