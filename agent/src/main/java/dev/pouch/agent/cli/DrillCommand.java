package dev.pouch.agent.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pouch.agent.config.ConfigException;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.drill.BackupPoint;
import dev.pouch.agent.drill.CheckOutcome;
import dev.pouch.agent.drill.DrillHistory;
import dev.pouch.agent.drill.DrillRecord;
import dev.pouch.agent.drill.DrillReport;
import dev.pouch.agent.drill.DrillRequest;
import dev.pouch.agent.drill.DrillService;
import dev.pouch.agent.drill.HtmlReport;
import dev.pouch.agent.drill.PitrPoint;
import dev.pouch.agent.pitr.TimeSpec;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "drill", description = {"DR drill: restore a snapshot into a scratch directory, check it (every "
    + "chunk authenticated, every byte re-read against the snapshot, Wombat directories by meaning), measure RTO and "
    + "RPO, record the result in the repository (drills/) and write a JSON and an HTML report.", "With --at, a "
    + "point-in-time drill: recover the database to that time (or a random one inside the recoverable windows) from "
    + "a base snapshot and the shipped WAL, as 'restore --at' does; RPO is then the age of the newest recoverable "
    + "point.", "Exit 0 when it passed, 3 when data was found wrong, 1 when it could not complete."})
final class DrillCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;

  @Option(names = "--snapshot", paramLabel = "latest|random|ID",
      description = "Which snapshot to restore (default: latest).")
  String snapshot;

  @Option(names = "--at", paramLabel = "TIME|random-pitr", description = "A point-in-time drill to TIME "
      + "(2026-11-25T10:15:30Z, or -5m / -2h ago), or to a random time inside the recoverable windows (default with "
      + "--config: restore.point_in_time, when set).")
  String at;

  @Option(names = "--report", paramLabel = "FILE", description = "Write the HTML report (self-contained) here.")
  Path report;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here ('-' for stdout).")
  String json;

  @Option(names = "--scratch", paramLabel = "DIR",
      description = "Restore into a new directory inside DIR (default: the system temporary directory).")
  Path scratch;

  @Option(names = "--keep-scratch", description = "Leave the restored copy for inspection.")
  boolean keepScratch;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Take the repository and the restore: "
      + "options (verify_before_restore, verify_after_restore, point_in_time) from this pouch.yaml.")
  Path configFile;

  @Option(names = "--threads", description = "Parallel downloads (default: number of cores).")
  Integer threads;

  DrillCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    PouchConfig config = null;
    if (configFile != null) {
      try {
        config = new ConfigLoader(ctx.env()).load(configFile).config();
      } catch (ConfigException e) {
        e.problems().forEach(p -> ctx.err().println("pouch: " + p));
        return ExitCodes.USAGE;
      }
    }
    if (at != null && snapshot != null) {
      throw new UsageException("give either --snapshot or --at, not both");
    }
    String pointInTime = at != null ? at : snapshot == null && config != null
        && config.restore().pointInTime() != null ? config.restore().pointInTime().toString() : null;
    if (pointInTime != null && !pointInTime.equals(DrillRequest.RANDOM_POINT)) {
      try {
        pointInTime = TimeSpec.parse(pointInTime, ctx.clock().instant()).toString();
      } catch (IllegalArgumentException e) {
        throw new UsageException("--at: " + e.getMessage() + ", or " + DrillRequest.RANDOM_POINT);
      }
    }
    boolean toStdout = "-".equals(json);
    String url = repository.repo != null || config == null ? repository.url(ctx) : config.repository().url();
    Path passwordFile = repository.passwordFile != null || config == null || config.repository().passwordFile() == null
        ? repository.passwordFile : Path.of(config.repository().passwordFile());
    try (StorageBackend backend = Backends.open(url, ctx.env(), repository.storage)) {
      Repository repo = Repository.open(backend, Passwords.current(ctx, passwordFile), ctx.clock(), ctx.random());
      DrillRequest request = new DrillRequest(snapshot != null ? snapshot : "latest", scratch != null ? scratch
          : Path.of(System.getProperty("java.io.tmpdir")), keepScratch,
          config == null || config.restore().verifyBeforeRestore(),
          config == null || config.restore().verifyAfterRestore(),
          threads != null ? threads : Math.max(4, Runtime.getRuntime().availableProcessors()), pointInTime);
      DrillRecord drill = new DrillService(repo).run(request, TerminalProgress.of(ctx, toStdout));
      DrillHistory history = new DrillHistory(repo);
      DrillHistory.Listing before = history.list();
      List<DrillRecord> all = new ArrayList<>(before.drills());
      all.add(drill);
      List<BackupPoint> backups = new SnapshotStore(repo).list().snapshots().stream().map(BackupPoint::of).toList();
      DrillReport full = new DrillReport(drill, all, backups, before.unreadable());
      if (report != null) {
        Files.writeString(report, HtmlReport.render(full), StandardCharsets.UTF_8);
      }
      if (json != null) {
        String text = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(full);
        if (toStdout) {
          ctx.out().println(text);
        } else {
          Files.writeString(Path.of(json), text + "\n", StandardCharsets.UTF_8);
        }
      }
      history.append(drill);
      if (!toStdout) {
        printSummary(drill);
      }
      return drill.passed() ? ExitCodes.OK : drill.integrityProblem() ? ExitCodes.INTEGRITY : ExitCodes.FAILURE;
    }
  }

  private void printSummary(DrillRecord d) {
    ctx.out().printf(Locale.ROOT, "drill %s %s%n", d.id(), d.passed() ? "PASSED" : "FAILED");
    PitrPoint p = d.pointInTime();
    if (p != null && p.target() != null) {
      ctx.out().printf(Locale.ROOT, "point in time %s%s: %d WAL piece(s) over the base; newest recoverable point %s%n",
          p.target(), p.random() ? " (random)" : "", p.piecesApplied(), p.newestRecoverable());
    }
    if (d.snapshot() != null) {
      ctx.out().printf(Locale.ROOT, "%s %s of %s: %d files, %s%n", p == null ? "snapshot" : "base snapshot",
          d.snapshot().substring(0, 8), d.snapshotTime(), d.files(), ByteSizes.format(d.bytes()));
    }
    ctx.out().printf(Locale.ROOT, "RTO %.2f s (restore %.2f s), RPO %s%n", d.rtoSeconds(), d.restoreSeconds(),
        d.rpoSeconds() == null ? "-" : String.format(Locale.ROOT, "%.0f s", d.rpoSeconds()));
    for (CheckOutcome c : d.checks()) {
      ctx.out().printf("  %-10s %s%s%n", c.check(), c.passed() ? "ok" : "FAILED",
          c.passed() ? (c.notes().isEmpty() ? "" : "  " + c.notes().get(0)) : "  " + String.join("; ", c.problems()));
    }
    if (d.failure() != null) {
      ctx.out().println("failure: " + d.failure());
    }
    if (d.scratchLeft() != null) {
      ctx.out().println("restored copy left at " + d.scratchLeft());
    }
    if (report != null) {
      ctx.out().println("report: " + report);
    }
  }
}
