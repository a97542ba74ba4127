package dev.pouch.agent.cli;

import dev.pouch.agent.policy.CopyObserver;
import dev.pouch.agent.policy.CopyTarget;
import dev.pouch.agent.policy.Observation;
import dev.pouch.agent.policy.PolicyEvaluator;
import dev.pouch.agent.policy.PolicyReport;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.StorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = {"Report each copy target's newest copied snapshot and its age, and whether "
    + "the 3-2-1 policy holds now:", "at least 3 copies counting the live data, on at least 2 media, at least 1 "
    + "offsite. Exit 1 with the reasons when it does not hold."})
final class StatusCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = "--copy", paramLabel = "URL:MEDIUM:SITE", description = "A copy target, e.g. "
      + "gs://dr/wombat:gcs:offsite (repeatable). SITE is onsite or offsite.")
  List<String> copies = new ArrayList<>();

  @Option(names = "--medium", description = "The primary repository's medium (default: from its URL: s3, gcs, "
      + "azure, or disk).")
  String medium;

  @Option(names = "--site", defaultValue = "onsite", description = "The primary repository's site (default: "
      + "${DEFAULT-VALUE}).")
  String site;

  @Option(names = "--max-lag", paramLabel = "DURATION", description = "A target counts only if its newest copy "
      + "is at most this far behind the primary's newest snapshot, e.g. 26h or 2d.")
  String maxLag;

  @Option(names = "--copy-password-file", paramLabel = "FILE", description = "Password of targets that do not share "
      + "the primary's keys (default: $POUCH_PASSWORD2, else the primary's password).")
  Path copyPasswordFile;

  StatusCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    String url = repository.url(ctx);
    CopyTarget primaryTarget = new CopyTarget(url, medium != null ? medium : CopyTarget.mediumOf(url), site);
    List<CopyTarget> targets = copies.stream().map(CopyTarget::parse).toList();
    Optional<Duration> lag = Optional.ofNullable(maxLag).map(StatusCommand::parseDuration);
    char[] primaryPassword = Passwords.current(ctx, repository.passwordFile);
    PolicyReport report;
    BackupSummary last;
    try (StorageBackend backend = repository.backend(ctx)) {
      Repository primary = Repository.open(backend, primaryPassword, ctx.clock(), ctx.random());
      List<SnapshotStore.Stored> snapshots = new SnapshotStore(primary).list().snapshots();
      last = snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1).snapshot().summary();
      CopyObserver observer = new CopyObserver(snapshots);
      List<Observation> seen = new ArrayList<>();
      for (CopyTarget t : targets) {
        seen.add(observe(observer, t, primaryPassword));
      }
      report = new PolicyEvaluator(lag).evaluate(observer.primary(primaryTarget), seen, ctx.clock().instant());
    }
    if (output.json) {
      Map<String, Object> json = json(report);
      if (last != null) {
        Map<String, Object> reads = new LinkedHashMap<>();
        reads.put("readRateBytesPerSecond", last.readRateBytesPerSecond());
        reads.put("throttleLimitBytesPerSecond", last.throttleLimitBytesPerSecond());
        json.put("lastBackup", reads);
      }
      output.printJson(ctx, json);
    } else {
      print(report);
      if (last != null) {
        ctx.out().println("last backup: " + (last.readRateBytesPerSecond() == null ? "read rate not recorded"
            : "read " + ByteSizes.format(last.readRateBytesPerSecond()) + "/s, " + (last.throttleLimitBytesPerSecond()
            == null ? "no read limit" : "read limit " + ByteSizes.format(last.throttleLimitBytesPerSecond()) + "/s")));
      }
    }
    return report.satisfied() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private Observation observe(CopyObserver observer, CopyTarget target, char[] primaryPassword) throws IOException {
    StorageBackend backend;
    try {
      backend = Backends.open(target.url(), ctx.env());
    } catch (IOException | UsageException e) {
      return Observation.failed(target, Main.message(e));
    }
    try (backend) {
      return observer.target(target, backend, b -> {
        char[] password = copyPasswordFile != null ? Passwords.current(ctx, copyPasswordFile)
            : ctx.env("POUCH_PASSWORD2") != null ? ctx.env("POUCH_PASSWORD2").toCharArray() : primaryPassword;
        return Repository.open(b, password, ctx.clock(), ctx.random());
      });
    }
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase();
    try {
      if (t.matches("\\d+h")) {
        return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.matches("\\d+d")) {
        return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.parse(text.trim());
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw new UsageException("'" + text + "' is not a duration: write e.g. 26h, 2d or PT90M");
    }
  }

  private void print(PolicyReport r) {
    ctx.out().printf("3-2-1 %s: %d copies (live data + %d repositories), media %s, %d offsite%n",
        r.satisfied() ? "holds" : "does NOT hold", r.copies(), r.copies() - 1,
        r.media().isEmpty() ? "none" : String.join(", ", r.media()), r.offsite());
    print("primary", r.primary());
    r.targets().forEach(t -> print("copy", t));
    r.reasons().forEach(reason -> ctx.out().println("reason: " + reason));
  }

  private void print(String role, PolicyReport.RepositoryStatus s) {
    String state = s.newestSnapshot() == null ? "" : String.format("newest %s  %s  age %s%s", s.newestSnapshot()
        .substring(0, 8), s.newestTime().truncatedTo(ChronoUnit.SECONDS), PolicyEvaluator.human(s.age()),
        s.lag() == null ? "" : "  lag " + PolicyEvaluator.human(s.lag()));
    ctx.out().printf("%-7s  %s  %s/%s  %s%s%n", role, s.url(), s.medium(), s.site(), state,
        s.counts() ? "" : (state.isEmpty() ? "" : "  ") + "does not count: " + s.note());
  }

  private static Map<String, Object> json(PolicyReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("satisfied", r.satisfied());
    out.put("reasons", r.reasons());
    out.put("copies", r.copies());
    out.put("media", r.media());
    out.put("offsite", r.offsite());
    out.put("primary", json(r.primary()));
    out.put("targets", r.targets().stream().map(StatusCommand::json).toList());
    return out;
  }

  private static Map<String, Object> json(PolicyReport.RepositoryStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", s.url());
    out.put("medium", s.medium());
    out.put("site", s.site());
    out.put("counts", s.counts());
    if (s.newestSnapshot() != null) {
      out.put("newestSnapshot", s.newestSnapshot());
      out.put("newestTime", s.newestTime().toString());
      out.put("ageSeconds", s.age().getSeconds());
    }
    if (s.lag() != null) {
      out.put("lagSeconds", s.lag().getSeconds());
    }
    if (s.note() != null) {
      out.put("note", s.note());
    }
    return out;
  }
}
