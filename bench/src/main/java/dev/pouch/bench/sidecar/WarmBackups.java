package dev.pouch.bench.sidecar;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

/**
 * Backs up one directory several times in one JVM with the repository opened once, as {@code pouch run} does between
 * its scheduled backups, and prints each backup's wall time and bytes read. With an unchanged directory this is the
 * sidecar's no-change backup, free of the JVM start and the password's key derivation a one-shot CLI run pays.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.pouch.bench.sidecar.WarmBackups REPO PASSWORD_FILE DIR [ROUNDS]</pre>
 */
public final class WarmBackups {

  private WarmBackups() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: WarmBackups REPO PASSWORD_FILE DIR [ROUNDS]");
      System.exit(2);
    }
    Path repoDir = Path.of(args[0]);
    char[] password = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip().toCharArray();
    Path source = Path.of(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    long opened = System.nanoTime();
    Repository repo = Repository.open(LocalStorageBackend.of(LocalBackendConfig.of(repoDir)), password, Clock.systemUTC(),
        new SecureRandom());
    Arrays.fill(password, '\0');
    System.out.printf(Locale.ROOT, "repository opened in %.3f s (key derivation included)%n",
        (System.nanoTime() - opened) / 1e9);
    BackupService backups = new BackupService(repo, new LockService(repo, "bench", ProcessHandle.current().pid()),
        new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), Clock.systemUTC()));
    for (int i = 1; i <= rounds; i++) {
      long started = System.nanoTime();
      BackupService.BackupResult r = backups.run(BackupRequest.of(source, "bench"), Progress.NONE);
      System.out.printf(Locale.ROOT, "backup %d: %.3f s, %d bytes read, %d bytes added%n", i,
          (System.nanoTime() - started) / 1e9, r.snapshot().summary().bytesRead(),
          r.snapshot().summary().bytesAdded());
    }
  }
}
