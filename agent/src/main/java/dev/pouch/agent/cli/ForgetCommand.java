package dev.pouch.agent.cli;

import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.retention.CalendarDuration;
import dev.pouch.agent.retention.ForgetService;
import dev.pouch.agent.retention.RetentionPlan;
import dev.pouch.agent.retention.RetentionPolicy;
import dev.pouch.agent.retention.Verdict;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageBackend;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forget", description = {"Remove snapshots by a retention policy (restic's rules, UTC calendar), or "
    + "by id.", "Only snapshot objects go; 'pouch prune' then deletes the data no snapshot uses.",
    "Takes an exclusive lock (not with --dry-run); every deletion is recorded in the repository's audit trail."})
final class ForgetCommand implements Callable<Integer> {

  private final Context ctx;

  @Spec CommandSpec spec;
  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots (-1: all).")
  int keepLast;

  @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest snapshot of each of the N newest "
      + "hours that have one (-1: every hour).")
  int keepHourly;

  @Option(names = "--keep-daily", paramLabel = "N", description = "The same per day.")
  int keepDaily;

  @Option(names = "--keep-weekly", paramLabel = "N", description = "The same per ISO week.")
  int keepWeekly;

  @Option(names = "--keep-monthly", paramLabel = "N", description = "The same per month.")
  int keepMonthly;

  @Option(names = "--keep-yearly", paramLabel = "N", description = "The same per year.")
  int keepYearly;

  @Option(names = "--keep-within", paramLabel = "DURATION", description = "Keep snapshots newer than DURATION "
      + "before the group's newest snapshot, e.g. 1y5m7d2h, 30d, 36h.")
  String keepWithin;

  @Option(names = "--retention-days", paramLabel = "N", description = "Keep every snapshot of the last N days "
      + "(from now) and the newest one before them, which point-in-time recovery to the window's start needs.")
  Integer retentionDays;

  @Option(names = "--host", paramLabel = "HOST", description = "Only consider snapshots of this host.")
  String host;

  @Option(names = {"-n", "--dry-run"}, description = "Print what would be removed; change nothing.")
  boolean dryRun;

  @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshot ids (or unique prefixes) to remove "
      + "instead of a policy.")
  List<String> snapshots = List.of();

  ForgetCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    RetentionPolicy policy = RetentionPolicy.builder().keepLast(keepLast).keepHourly(keepHourly).keepDaily(keepDaily)
        .keepWeekly(keepWeekly).keepMonthly(keepMonthly).keepYearly(keepYearly)
        .keepWithin(keepWithin == null ? null : CalendarDuration.parse(keepWithin)).retentionDays(retentionDays)
        .build();
    ForgetService.ForgetRequest request = new ForgetService.ForgetRequest(policy, Optional.ofNullable(host),
        snapshots, dryRun, Invocation.actor(), Invocation.commandLine(spec));
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository repo = repository.open(ctx, backend);
      ForgetService.ForgetResult result = new ForgetService(repo, Invocation.locks(repo)).run(request);
      if (output.json) {
        output.printJson(ctx, json(result));
      } else {
        print(result);
      }
      for (SnapshotStore.Unreadable u : result.unreadable()) {
        ctx.err().println("warning: snapshot " + u.id().shortHex() + " is unreadable and was left alone: "
            + u.reason());
      }
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> json(ForgetService.ForgetResult result) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (RetentionPlan.Group g : result.plan().groups()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("host", g.host());
      group.put("source", g.source());
      group.put("keep", g.keep().stream().map(ForgetCommand::json).toList());
      group.put("remove", g.remove().stream().map(ForgetCommand::json).toList());
      groups.add(group);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dryRun", result.dryRun());
    out.put("groups", groups);
    out.put("removed", result.removed().stream().map(id -> id.hex()).toList());
    out.put("unreadable", result.unreadable().stream().map(u -> u.id().hex()).toList());
    return out;
  }

  private static Map<String, Object> json(Verdict v) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", v.snapshot().id().hex());
    row.put("time", v.snapshot().time());
    if (!v.reasons().isEmpty()) {
      row.put("reasons", v.reasons());
    }
    return row;
  }

  private void print(ForgetService.ForgetResult result) {
    for (RetentionPlan.Group g : result.plan().groups()) {
      ctx.out().printf("%s %s: keep %d, remove %d%n", g.host(), g.source(), g.keep().size(), g.remove().size());
      for (Verdict v : g.keep()) {
        ctx.out().printf("  keep    %s  %s  (%s)%n", v.snapshot().id().shortHex(),
            v.snapshot().time().truncatedTo(ChronoUnit.SECONDS), String.join(", ", v.reasons()));
      }
      for (Verdict v : g.remove()) {
        ctx.out().printf("  remove  %s  %s%n", v.snapshot().id().shortHex(),
            v.snapshot().time().truncatedTo(ChronoUnit.SECONDS));
      }
    }
    int removals = result.plan().removals().size();
    if (result.dryRun()) {
      ctx.out().printf("dry run: %d snapshot(s) would be removed%n", removals);
    } else {
      ctx.out().printf("removed %d snapshot(s); run 'pouch prune' to free their data%n", removals);
    }
  }
}
