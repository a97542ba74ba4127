package dev.pouch.agent.cli;

import dev.pouch.agent.demo.DemoReport;
import dev.pouch.agent.demo.DemoRunner;
import dev.pouch.agent.repository.Repository;
import dev.pouch.crypto.Argon2idParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Try pouch with no setup: back up a live simulated Wombat database twice while "
    + "it writes, restore, and verify the result by meaning, against ground truth and byte for byte.")
final class DemoCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin OutputOptions output;

  @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: a new temporary directory).")
  Path dir;

  DemoCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("pouch-demo-");
    byte[] secret = new byte[12];
    ctx.random().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path passwordFile = work.resolve("password");
    Files.writeString(passwordFile, password + "\n");
    DemoRunner runner = new DemoRunner(new Repository.InitOptions(Argon2idParams.defaults(), "zstd", 3,
        16 * 1024 * 1024, "demo"), ctx.clock(), ctx.random());
    DemoReport report = runner.run(work, password.toCharArray(), TerminalProgress.of(ctx, output.json));
    if (output.json) {
      output.printJson(ctx, report);
    } else {
      ctx.out().println("pouch demo in " + work);
      ctx.out().printf("%-26s %8s %6s %12s %12s %12s%n", "step", "seconds", "files", "read", "added", "stored");
      for (DemoReport.Step s : report.steps()) {
        ctx.out().printf("%-26s %8.2f %6d %12s %12s %12s%n", s.name(), s.duration().toMillis() / 1000.0, s.files(),
            ByteSizes.format(s.bytesRead()), ByteSizes.format(s.bytesAdded()), ByteSizes.format(s.bytesStored()));
      }
      DemoReport.Step full = report.steps().get(1);
      DemoReport.Step incr = report.steps().get(2);
      if (full.bytesStored() > 0) {
        ctx.out().printf("compression+dedup: %s read -> %s stored (%.2fx); incremental read %s, stored %s%n",
            ByteSizes.format(full.bytesRead()), ByteSizes.format(full.bytesStored()),
            (double) full.bytesRead() / full.bytesStored(), ByteSizes.format(incr.bytesRead()),
            ByteSizes.format(incr.bytesStored()));
      }
      ctx.out().printf("the simulated database made %d writes while the backups ran%n", report.writesDuringBackups());
      if (report.restoredDigest() != null) {
        ctx.out().printf("restored state digest %s %s the simulator's ground truth at the recorded WAL cuts%n",
            report.restoredDigest().substring(0, 16), report.matchesGroundTruth() ? "equals" : "DIFFERS FROM");
      }
      ctx.out().println("repository: " + report.repository() + " (password in " + passwordFile + ")");
      ctx.out().println("try: POUCH_PASSWORD=$(cat " + passwordFile + ") bin/pouch snapshots --repo "
          + report.repository());
      ctx.out().println(report.restoreMatches()
          ? "restore verified by meaning, equal to ground truth and byte for byte to what was captured: OK"
          : "RESTORE MISMATCH: " + String.join("; ", report.mismatches()));
    }
    return report.restoreMatches() ? ExitCodes.OK : ExitCodes.INTEGRITY;
  }
}
