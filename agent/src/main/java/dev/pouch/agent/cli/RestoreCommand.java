package dev.pouch.agent.cli;

import dev.pouch.agent.pitr.PitrRestoreService;
import dev.pouch.agent.pitr.TimeSpec;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.storage.StorageBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Restore a snapshot into a directory (empty unless --force).")
final class RestoreCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT",
      description = "'latest' (default) or a snapshot id (prefix).")
  String snapshot;

  @Option(names = "--at", paramLabel = "TIME", description = "Point-in-time recovery of a Wombat directory: the "
      + "state at TIME (2026-11-25T10:15:30Z, or -5m / -2h ago) from the newest base snapshot before it plus the WAL "
      + "shipped by continuous backup.")
  String at;

  @Option(names = {"-t", "--target"}, required = true, paramLabel = "DIR", description = "Where to restore.")
  Path target;

  @Option(names = "--force", description = "Restore into a non-empty directory, replacing files the snapshot names.")
  boolean force;

  @Option(names = "--threads", description = "Parallel downloads (default: number of cores).")
  Integer threads;

  @Option(names = "--no-verify", description = "Skip the by-meaning check of a restored Wombat directory.")
  boolean noVerify;

  @Option(names = "--raw", description = "Restore a Wombat snapshot's files exactly as captured, without preparing "
      + "its WAL segments for Wombat to open (no renumbering, no padding removal, no check by meaning).")
  boolean raw;

  RestoreCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (at != null) {
      if (snapshot != null) {
        throw new UsageException("give either a SNAPSHOT or --at TIME, not both");
      }
      return restoreAt();
    }
    if (snapshot == null) {
      snapshot = "latest";
    }
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.open(ctx, backend);
      RestoreRequest request = new RestoreRequest(snapshot, target, force,
          threads != null ? threads : Math.max(4, Runtime.getRuntime().availableProcessors()), !noVerify, raw);
      RestoreService.RestoreResult result = new RestoreService(repo).restore(request,
          TerminalProgress.of(ctx, output.json));
      if (output.json) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("snapshot", result.id().hex());
        json.put("target", result.target().toString());
        json.put("files", result.files());
        json.put("bytes", result.bytes());
        json.put("seconds", result.duration().toMillis() / 1000.0);
        if (result.wombat() != null) {
          json.put("wombat", result.wombat());
        }
        output.printJson(ctx, json);
      } else {
        ctx.out().printf("restored snapshot %s to %s: %d files, %s in %.1f s%n", result.id().shortHex(),
            result.target(), result.files(), ByteSizes.format(result.bytes()), result.duration().toMillis() / 1000.0);
        if (result.wombat() != null && result.wombat().walRecords() == 0 && !result.wombat().digestCompared()
            && result.wombat().sstables() == 0) {
          result.wombat().warnings().forEach(x -> ctx.err().println("note: " + x));
        } else if (result.wombat() != null) {
          var w = result.wombat();
          ctx.out().printf("verified by meaning: %d SSTables valid, %d WAL segment(s) replayed (%d records), %d value "
              + "log(s); semantic digest %s%s%n", w.sstables(), w.wals(), w.walRecords(), w.vlogs(),
              w.digest().substring(0, 16), w.digestCompared() ? " matches the backup" : " (none recorded to compare)");
          w.warnings().forEach(x -> ctx.err().println("note: " + x));
        }
      }
    }
    return ExitCodes.OK;
  }

  private int restoreAt() throws Exception {
    Instant time = TimeSpec.parse(at, ctx.clock().instant());
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.open(ctx, backend);
      PitrRestoreService.PitrResult r = new PitrRestoreService(repo).restore(time, target, force,
          threads != null ? threads : Math.max(4, Runtime.getRuntime().availableProcessors()),
          TerminalProgress.of(ctx, output.json));
      if (output.json) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", r.time());
        json.put("base", r.base().hex());
        json.put("baseAt", r.baseAt());
        json.put("target", r.target().toString());
        json.put("cuts", r.cuts());
        json.put("piecesApplied", r.piecesApplied());
        json.put("notes", r.notes());
        json.put("check", r.check());
        json.put("seconds", r.duration().toMillis() / 1000.0);
        output.printJson(ctx, json);
      } else {
        ctx.out().printf("restored the state at %s to %s: base snapshot %s (%s) + %d WAL piece(s), %.1f s%n", r.time(),
            r.target(), r.base().shortHex(), r.baseAt(), r.piecesApplied(), r.duration().toMillis() / 1000.0);
        r.cuts().forEach((file, cut) -> ctx.out().printf("  %s cut at %d%n", file, cut));
        var w = r.check();
        ctx.out().printf("verified by meaning: %d SSTables valid, %d WAL segment(s) replayed (%d records); semantic "
            + "digest %s%n", w.sstables(), w.wals(), w.walRecords(), w.digest().substring(0, 16));
        r.notes().forEach(n -> ctx.err().println("note: " + n));
        w.warnings().forEach(n -> ctx.err().println("note: " + n));
      }
    }
    return ExitCodes.OK;
  }
}