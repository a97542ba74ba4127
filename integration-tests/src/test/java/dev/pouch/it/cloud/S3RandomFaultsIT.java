package dev.pouch.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.capture.CaptureOptions;
import dev.pouch.agent.capture.WombatCapture;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.it.reliability.CaptureComparison;
import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Failure;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.retry.RetryPolicy;
import dev.pouch.storage.retry.RetryingStorageBackend;
import dev.pouch.storage.s3.S3StorageBackend;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup through S3 (the real AWS SDK path, against S3Proxy) where 10% of all calls fail at random, under the
 * CLI's retry layer, completes, and what it stored restores identical to the source. The reliability suite runs the
 * same scenario on the in-memory backend ({@code StorageFaultIT}); this one adds the SDK, HTTP and S3Proxy.
 * Stack: the agent's services, {@link RetryingStorageBackend} (the CLI's budget of 6 attempts, waits shortened),
 * {@link FaultInjectingStorageBackend} (seeded), {@link S3StorageBackend}.
 */
@ExtendWith(TestServers.class)
class S3RandomFaultsIT {

  private static final char[] PASSWORD = "fault test password".toCharArray();
  private static final String HOST = "s3-faults";

  @TempDir static Path sources;
  private static Path source;

  private final S3ProxyServer server;
  @TempDir Path tmp;

  S3RandomFaultsIT(S3ProxyServer server) {
    this.server = server;
  }

  @BeforeAll
  static void generate() throws IOException {
    source = sources.resolve("wombat");
    WombatSimulator.generate(source, 8L << 20, Mix.BALANCED, 11);
  }

  /**
   * Three seeds in one test, so that the check that faults really fired holds over all of them (one backup and
   * restore make a few dozen calls; the workers' order, and so which calls fail, varies between runs).
   */
  @Test
  void backupsThroughTenPercentFailuresCompleteAndRestoreIdentical() throws Exception {
    long injected = 0;
    for (long seed = 1; seed <= 3; seed++) {
      FaultInjectingStorageBackend faults = backupAndRestore(seed);
      long fired = faults.calls().stream().filter(FaultInjectingStorageBackend.Call::injected).count();
      CloudErrorsIT.record("s3-random-faults.txt", "seed " + seed + ": " + fired + " injected failures in "
          + faults.calls().size() + " calls");
      injected += fired;
    }
    assertThat(injected).as("faults injected over all seeds").isPositive();
  }

  private FaultInjectingStorageBackend backupAndRestore(long seed) throws Exception {
    try (S3StorageBackend s3 = S3StorageBackend.create(server.configFor(server.createBucket()).prefix("repo")
        .build())) {
      Repository.init(s3, PASSWORD, new Repository.InitOptions(Argon2idParams.forTests(), "zstd", 3, 1 << 20,
          "s3 faults"), Clock.systemUTC(), new SecureRandom());
      FaultInjectingStorageBackend.Builder script = FaultInjectingStorageBackend.builder(s3).seed(seed);
      for (StorageOperation op : StorageOperation.values()) {
        script.failRandomly(op, 0.10, Failure.TRANSIENT);
      }
      FaultInjectingStorageBackend faults = script.build();
      StorageBackend retrying = RetryingStorageBackend.of(faults,
          new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(8)), RepositoryLayout::isContentAddressed,
          new SplittableRandom(seed), Sleeper.system());

      Repository faulty = Repository.open(retrying, PASSWORD, Clock.systemUTC(), new SecureRandom());
      String id = new BackupService(faulty, new LockService(faulty, HOST, ProcessHandle.current().pid()),
          new WombatCapture(CaptureOptions.defaults(), Sleeper.system(), Clock.systemUTC()))
          .run(BackupRequest.of(source, HOST), Progress.NONE).id().hex();
      Path restored = tmp.resolve("restored-" + seed);
      new RestoreService(faulty).restore(new RestoreRequest(id, restored, false, 2, false, true), Progress.NONE);

      assertThat(CaptureComparison.differences(source, restored)).as("seed %d", seed).isEmpty();
      Repository clean = Repository.open(s3, PASSWORD, Clock.systemUTC(), new SecureRandom());
      assertThat(new VerifyService(clean).verify(true, 2, Progress.NONE).problems()).as("seed %d", seed).isEmpty();
      return faults;
    }
  }
}
