package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrashIT}'s backup case against S3Proxy (a real S3 protocol server): the CLI reaches the bucket through the
 * AWS environment variables, is killed at seeded delays (3 crash points, 10 under -Plong), and the repository must
 * verify, restore every snapshot and take the backup again.
 */
@ExtendWith(TestServers.class)
class S3CrashIT {

  private static final Tally TALLY = new Tally("crash-s3");

  private final S3ProxyServer server;
  @TempDir Path tmp;

  S3CrashIT(S3ProxyServer server) {
    this.server = server;
  }

  @AfterAll
  static void writeCounts() throws Exception {
    TALLY.write();
  }

  @Test
  void killedBackupsIntoS3() throws Exception {
    Map<String, String> aws = Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
        S3ProxyServer.SECRET_KEY, "AWS_REGION", S3ProxyServer.REGION, "AWS_ENDPOINT_URL_S3",
        server.endpoint().toString());
    PouchProcess pouch = PouchProcess.in(tmp.resolve("logs")).withPassword(CrashIT.PASSWORD);
    for (Map.Entry<String, String> e : aws.entrySet()) {
      pouch = pouch.withEnv(e.getKey(), e.getValue());
    }
    Map<String, String> env = new HashMap<>(aws);
    env.put("POUCH_PASSWORD", CrashIT.PASSWORD);
    EmbeddedPouch embedded = new EmbeddedPouch(env);
    ReferenceTrees references = new ReferenceTrees(new ScratchDirectories(tmp.resolve("scratch")));
    String repo = "s3://" + server.createBucket() + "/crash";
    PouchResult init = pouch.run("init", "--repo", repo, "--insecure-fast-kdf", "--pack-size-mib", "1");
    assertThat(init.exitCode()).as(init.describe()).isZero();

    Path first = tmp.resolve("source-0");
    WombatSimulator.generate(first, 2_500_000, Mix.BALANCED, 500);
    long started = System.nanoTime();
    PouchResult clean = pouch.run("backup", "--repo", repo, first.toString(), "--json");
    Duration typical = Duration.ofNanos(System.nanoTime() - started);
    references.establish(embedded, repo, ReferenceTrees.snapshotId(clean), first);

    int points = RunLength.pick(3, 10);
    Random random = new Random(11_008);
    int crashes = 0;
    for (int draw = 0; crashes < points; draw++) {
      assertThat(draw).as("draws needed for %d crash points", points).isLessThan(points * 4);
      Path source = tmp.resolve("source-" + (draw + 1));
      WombatSimulator.generate(source, 2_500_000, Mix.BALANCED, 501 + draw);
      references.source(source);
      KillSwitch.Moment moment = new KillSwitch.AfterDelay(Duration.ofMillis(
          (long) (random.nextDouble() * typical.toMillis())));
      try (PouchProcess.Running run = pouch.start("backup", "--repo", repo, source.toString(), "--json")) {
        if (!KillSwitch.strike(run, moment)) {
          references.establish(embedded, repo, ReferenceTrees.snapshotId(run.await(PouchProcess.TIMEOUT)), source);
          continue;
        }
      }
      crashes++;
      references.checkRepository(embedded, repo);
      PouchResult again = embedded.run("backup", "--repo", repo, source.toString(), "--json");
      references.establish(embedded, repo, ReferenceTrees.snapshotId(again), source);
    }
    references.checkRepository(embedded, repo);
    TALLY.add("backup into S3Proxy: crash points", crashes);
    TALLY.add("backup into S3Proxy: snapshots checked at the end", references.size());
  }
}
