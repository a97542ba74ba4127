package dev.pouch.agent.cli;

import dev.pouch.agent.config.AlertsSection;
import dev.pouch.agent.config.ConfigException;
import dev.pouch.agent.config.ConfigLoader;
import dev.pouch.agent.config.PouchConfig;
import dev.pouch.agent.monitoring.AlertThresholds;
import dev.pouch.agent.monitoring.HealthEvaluator;
import dev.pouch.agent.monitoring.HealthInputs;
import dev.pouch.agent.monitoring.HealthReport;
import dev.pouch.agent.policy.CopyObserver;
import dev.pouch.agent.policy.CopyTarget;
import dev.pouch.agent.policy.Observation;
import dev.pouch.agent.policy.PolicyEvaluator;
import dev.pouch.agent.policy.PolicyReport;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.schedule.Durations;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.agent.snapshot.Snapshot;
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

@Command(name = "status", description = {"Check a repository as the sidecar's alerts do, and report the 3-2-1 "
    + "policy.", "health: the newest backup is not older than alerts.overdue_after (24 h) and not empty; the success "
    + "rate of attempts is not known from the repository alone (failed attempts leave no snapshot) - the sidecar's "
    + "pouch_backup_success_rate covers it.", "3-2-1: each copy target's newest copied snapshot and its age; at least "
    + "3 copies counting the live data, on at least 2 media, at least 1 offsite.", "With --config, the repository, "
    + "the copy targets and the thresholds come from the sidecar's pouch.yaml. Exit 1 with the reasons when any "
    + "check fails."})
final class StatusCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin RepositoryOptions repository;
  @Mixin OutputOptions output;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Read the repository, its medium and site, "
      + "the copy targets and the alert thresholds from this pouch.yaml (options given here still win).")
  Path configFile;

  @Option(names = "--copy", paramLabel = "URL:MEDIUM:SITE", description = "A copy target, e.g. "
      + "gs://dr/wombat:gcs:offsite (repeatable; replaces the config's copies). SITE is onsite or offsite.")
  List<String> copies = new ArrayList<>();

  @Option(names = "--medium", description = "The primary repository's medium (default: repository.medium, else "
      + "from its URL: s3, gcs, azure, or disk).")
  String medium;

  @Option(names = "--site", description = "The primary repository's site (default: repository.site, else onsite).")
  String site;

  @Option(names = "--max-lag", paramLabel = "DURATION", description = "A target counts only if its newest copy "
      + "is at most this far behind the primary's newest snapshot, e.g. 26h or 2d (default: alerts.max_copy_lag).")
  String maxLag;

  @Option(names = "--copy-password-file", paramLabel = "FILE", description = "Password of targets that do not share "
      + "the primary's keys (default: the target's password_file in the config, $POUCH_PASSWORD2, else the "
      + "primary's password).")
  Path copyPasswordFile;

  StatusCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** A copy target to observe, and the password file its config entry names (or null). */
  private record Target(CopyTarget where, Path passwordFile) {}

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
    String url = repository.repo != null || config == null ? repository.url(ctx) : config.repository().url();
    Path passwordFile = repository.passwordFile != null || config == null
        || config.repository().passwordFile() == null ? repository.passwordFile
        : Path.of(config.repository().passwordFile());
    String primaryMedium = medium != null ? medium : config != null && config.repository().medium() != null
        ? config.repository().medium() : CopyTarget.mediumOf(url);
    String primarySite = site != null ? site : config != null && config.repository().site() != null
        ? config.repository().site() : CopyTarget.ONSITE;
    CopyTarget primaryTarget = new CopyTarget(url, primaryMedium, primarySite);
    List<Target> targets = targets(config);
    Optional<Duration> lag = maxLag != null ? Optional.of(parseDuration(maxLag))
        : Optional.ofNullable(config == null ? null : config.alerts().maxCopyLag());
    AlertsSection alerts = config != null ? config.alerts() : AlertsSection.defaults();
    AlertThresholds thresholds = new AlertThresholds(alerts.overdueAfter(), alerts.minSuccessRate(),
        alerts.alertOnEmpty());
    char[] primaryPassword = Passwords.current(ctx, passwordFile);
    PolicyReport report;
    HealthReport health;
    List<Snapshot> snapshots;
    BackupSummary last;
    try (StorageBackend backend = Backends.open(url, ctx.env(), repository.storage)) {
      Repository primary = Repository.open(backend, primaryPassword, ctx.clock(), ctx.random());
      List<SnapshotStore.Stored> stored = new SnapshotStore(primary).list().snapshots();
      snapshots = stored.stream().map(SnapshotStore.Stored::snapshot).toList();
      last = snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1).summary();
      health = new HealthEvaluator(thresholds).evaluate(ctx.clock().instant(), HealthInputs.fromSnapshots(snapshots));
      CopyObserver observer = new CopyObserver(stored);
      List<Observation> seen = new ArrayList<>();
      for (Target t : targets) {
        seen.add(observe(observer, t, primaryPassword));
      }
      report = new PolicyEvaluator(lag).evaluate(observer.primary(primaryTarget), seen, ctx.clock().instant());
    }
    HealthInputs inputs = HealthInputs.fromSnapshots(snapshots);
    if (output.json) {
      Map<String, Object> json = json(report);
      json.put("health", json(health, inputs));
      json.put("ok", report.satisfied() && health.healthy());
      if (last != null) {
        Map<String, Object> reads = new LinkedHashMap<>();
        reads.put("readRateBytesPerSecond", last.readRateBytesPerSecond());
        reads.put("throttleLimitBytesPerSecond", last.throttleLimitBytesPerSecond());
        json.put("lastBackup", reads);
      }
      output.printJson(ctx, json);
    } else {
      print(health, inputs, thresholds);
      print(report);
      if (last != null) {
        ctx.out().println("last backup: " + (last.readRateBytesPerSecond() == null ? "read rate not recorded"
            : "read " + ByteSizes.format(last.readRateBytesPerSecond()) + "/s, " + (last.throttleLimitBytesPerSecond()
            == null ? "no read limit" : "read limit " + ByteSizes.format(last.throttleLimitBytesPerSecond()) + "/s")));
      }
    }
    return report.satisfied() && health.healthy() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** {@code --copy} when given, else the config's {@code copies:} with their defaults filled in. */
  private List<Target> targets(PouchConfig config) {
    if (!copies.isEmpty() || config == null) {
      return copies.stream().map(c -> new Target(CopyTarget.parse(c), null)).toList();
    }
    return config.copies().stream().map(c -> new Target(new CopyTarget(c.url(),
        c.medium() != null ? c.medium() : CopyTarget.mediumOf(c.url()), c.site() != null ? c.site()
        : CopyTarget.ONSITE), c.passwordFile() == null ? null : Path.of(c.passwordFile()))).toList();
  }

  private Observation observe(CopyObserver observer, Target target, char[] primaryPassword) throws IOException {
    StorageBackend backend;
    try {
      backend = Backends.open(target.where().url(), ctx.env());
    } catch (IOException | UsageException e) {
      return Observation.failed(target.where(), Main.message(e));
    }
    try (backend) {
      return observer.target(target.where(), backend, b -> {
        Path file = target.passwordFile() != null ? target.passwordFile() : copyPasswordFile;
        char[] password = file != null ? Passwords.current(ctx, file)
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

  private void print(HealthReport health, HealthInputs in, AlertThresholds t) {
    ctx.out().printf("health %s: newest backup %s, %s; success rate unknown from the repository alone (see the "
        + "sidecar's pouch_backup_success_rate)%n", health.healthy() ? "ok" : "FAILING",
        in.lastSuccess().map(f -> "finished " + f.truncatedTo(ChronoUnit.SECONDS) + " (" + Durations.human(
            Duration.between(f, ctx.clock().instant()).abs()) + " ago, at most " + Durations.human(
            t.overdueAfter()) + " allowed)").orElse("none"),
        in.lastBackupBytes().map(b -> ByteSizes.format(b)).orElse("no size"));
    health.alerts().forEach(a -> ctx.out().println("alert " + a.kind().label() + ": " + a.message()));
  }

  private static Map<String, Object> json(HealthReport health, HealthInputs in) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("healthy", health.healthy());
    out.put("alerts", health.alerts().stream().map(a -> Map.of("alert", a.kind().label(), "rule",
        a.kind().ruleName(), "message", a.message())).toList());
    in.lastSuccess().ifPresent(t -> out.put("lastBackupFinished", t.toString()));
    in.lastBackupBytes().ifPresent(b -> out.put("lastBackupBytes", b));
    return out;
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
        .substring(0, 8), s.newestTime().truncatedTo(ChronoUnit.SECONDS), Durations.human(s.age()),
        s.lag() == null ? "" : "  lag " + Durations.human(s.lag()));
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
