package dev.pouch.agent.cli;

import dev.pouch.agent.copy.CopyMode;
import dev.pouch.agent.copy.CopyResult;
import dev.pouch.agent.copy.CopyService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.StorageBackend;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "copy", description = {"Copy snapshots (default: all) to another repository; only what it lacks is "
    + "transferred.", "A target made with 'pouch init --copy-of' shares the keys: objects are authenticated and "
    + "copied byte for byte, never re-encrypted. Between unrelated repositories every chunk is re-encrypted.",
    "Safe to interrupt and repeat: packs, then index, then snapshots."})
final class CopyCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin OutputOptions output;

  @Option(names = {"--from", "-r", "--repo"}, paramLabel = "URL",
      description = "The repository to copy from (default: $POUCH_REPOSITORY).")
  String from;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Password of --from (default: $POUCH_PASSWORD, or ask).")
  Path passwordFile;

  @Option(names = "--to", paramLabel = "URL", required = true, description = "The repository to copy into.")
  String to;

  @Option(names = "--to-password-file", paramLabel = "FILE",
      description = "Password of --to (default: $POUCH_PASSWORD2, else the --from password, which a copy target "
          + "made with --copy-of shares).")
  Path toPasswordFile;

  @Option(names = "--threads", description = "Parallel pack transfers (default: 4).")
  Integer threads;

  @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to copy: ids, prefixes or latest.")
  List<String> snapshots = List.of();

  CopyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    String fromUrl = from != null ? from : ctx.env("POUCH_REPOSITORY");
    if (fromUrl == null) {
      throw new UsageException("no repository to copy from: pass --from URL or set POUCH_REPOSITORY");
    }
    char[] fromPassword = Passwords.current(ctx, passwordFile);
    char[] toPassword = toPasswordFile != null ? Passwords.current(ctx, toPasswordFile)
        : ctx.env("POUCH_PASSWORD2") != null ? ctx.env("POUCH_PASSWORD2").toCharArray() : fromPassword;
    try (StorageBackend fromBackend = Backends.open(fromUrl, ctx.env());
        StorageBackend toBackend = Backends.open(to, ctx.env())) {
      Repository source = Repository.open(fromBackend, fromPassword, ctx.clock(), ctx.random());
      Repository target = Repository.open(toBackend, toPassword, ctx.clock(), ctx.random());
      CopyResult result = new CopyService(source, target, Invocation.locks(source), Invocation.locks(target),
          threads != null ? threads : 4).copy(new CopyService.CopyRequest(snapshots));
      if (output.json) {
        output.printJson(ctx, json(result));
      } else {
        print(result, fromBackend.describe(), toBackend.describe());
      }
    }
    return ExitCodes.OK;
  }

  private void print(CopyResult r, String fromName, String toName) {
    ctx.out().println(r.mode() == CopyMode.RAW
        ? "copying " + fromName + " -> " + toName + " byte for byte (shared keys, no re-encryption)"
        : "copying " + fromName + " -> " + toName + " with re-encryption");
    r.notes().forEach(n -> ctx.out().println("note: " + n));
    for (CopyResult.Copied c : r.copied()) {
      ctx.out().printf("copied snapshot %s%s  %s  %s%n", c.source().shortHex(),
          c.target().equals(c.source()) ? "" : " as " + c.target().shortHex(),
          c.time().truncatedTo(ChronoUnit.SECONDS), c.host());
    }
    ctx.out().printf("%d snapshot(s) copied, %d already there; %d pack(s) written, %d reused; index: %d copied, "
        + "%d written; %s transferred%n", r.copied().size(), r.alreadyPresent(), r.packsCopied(), r.packsReused(),
        r.indexesCopied(), r.indexesWritten(), ByteSizes.format(r.bytesCopied()));
  }

  private static Map<String, Object> json(CopyResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", r.mode().name().toLowerCase());
    out.put("copied", r.copied().stream().map(c -> Map.of("source", c.source().hex(), "target", c.target().hex(),
        "time", c.time().toString(), "host", c.host())).toList());
    out.put("alreadyPresent", r.alreadyPresent());
    out.put("packsCopied", r.packsCopied());
    out.put("packsReused", r.packsReused());
    out.put("indexesCopied", r.indexesCopied());
    out.put("indexesWritten", r.indexesWritten());
    out.put("bytesCopied", r.bytesCopied());
    out.put("notes", r.notes());
    return out;
  }
}
