package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several pouch processes on one local repository at once: two backups (both succeed, both restore), backups racing
 * prune (prune waits for nobody: it fails with exit 5 "locked" while a backup holds its lock, and never deletes what
 * a running backup needs), and two restores at once.
 */
class ConcurrencyIT {

  static final String PASSWORD = "concurrency test password";
  private static final Tally TALLY = new Tally("concurrency");

  @TempDir Path tmp;
  private PouchProcess pouch;
  private EmbeddedPouch embedded;
  private ReferenceTrees references;
  private String repo;

  @BeforeEach
  void setUp() throws Exception {
    pouch = PouchProcess.in(tmp.resolve("logs")).withPassword(PASSWORD);
    embedded = EmbeddedPouch.withPassword(PASSWORD);
    references = new ReferenceTrees(new ScratchDirectories(tmp.resolve("scratch")));
    repo = tmp.resolve("repo").toString();
    PouchResult init = embedded.run("init", "--repo", repo, "--insecure-fast-kdf", "--pack-size-mib", "1");
    assertThat(init.exitCode()).as(init.describe()).isZero();
  }

  @AfterAll
  static void writeCounts() throws IOException {
    TALLY.write();
  }

  private Path wombat(String name, int seed, long bytes) throws IOException {
    Path dir = tmp.resolve("sources").resolve(name);
    WombatSimulator.generate(dir, bytes, Mix.BALANCED, seed);
    references.source(dir);
    return dir;
  }

  /** Two backups started together, from two hosts: one of the same source, and of different sources. */
  @Test
  void twoBackupsAtOnceBothSucceedAndBothRestore() throws Exception {
    int rounds = RunLength.pick(2, 10);
    for (int round = 0; round < rounds; round++) {
      Path a = wombat("a-" + round, 70 + round, 2_000_000);
      Path b = round % 2 == 0 ? a : wombat("b-" + round, 170 + round, 2_000_000);
      try (PouchProcess.Running first = pouch.start("backup", "--repo", repo, a.toString(), "--host", "alpha",
          "--json");
          PouchProcess.Running second = pouch.start("backup", "--repo", repo, b.toString(), "--host", "beta",
              "--json")) {
        PouchResult one = first.await(PouchProcess.TIMEOUT);
        PouchResult two = second.await(PouchProcess.TIMEOUT);
        references.establish(embedded, repo, ReferenceTrees.snapshotId(one), a);
        references.establish(embedded, repo, ReferenceTrees.snapshotId(two), b);
      }
      TALLY.add("concurrent backup pairs that both succeeded");
    }
    references.checkRepository(embedded, repo);
  }

  /**
   * A backup made slow by an upload limit holds its shared lock; prune started meanwhile must fail with exit 5 and
   * say the repository is locked. Afterwards the backup's snapshot restores and the repository verifies.
   */
  @Test
  void pruneDuringABackupFailsAsLockedAndDeletesNothing() throws Exception {
    Path old = wombat("old", 80, 1_500_000);
    String oldId = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, old.toString(), "--json"));
    assertThat(embedded.run("forget", "--repo", repo, oldId).exitCode()).isZero();
    Path source = wombat("slow", 81, 3_000_000);
    Path config = tmp.resolve("slow.yaml");
    Files.writeString(config, "source:\n  path: " + source + "\nrepository:\n  url: " + repo + "\nlimits:\n"
        + "  upload_rate: 400KiB/s\nverify:\n  after_backup: false\nmonitoring:\n  listen: \"off\"\n");
    int conclusive = 0;
    for (int attempt = 0; attempt < 3 && conclusive == 0; attempt++) {
      try (PouchProcess.Running backup = pouch.start("run", "--config", config.toString(), "--once")) {
        Path locks = Path.of(repo, "locks");
        while (StoredObjects.under(locks).isEmpty() && backup.isAlive()) {
          Thread.sleep(5);
        }
        PouchResult prune = pouch.run("prune", "--repo", repo);
        boolean heldThroughout = backup.isAlive();
        PouchResult done = backup.await(PouchProcess.TIMEOUT);
        assertThat(done.exitCode()).as(done.describe()).isZero();
        if (heldThroughout) {
          assertThat(prune.exitCode()).as(prune.describe()).isEqualTo(5);
          assertThat(prune.err()).as(prune.describe()).contains("locked").doesNotContain("\tat ");
          conclusive++;
          TALLY.add("prunes refused with exit 5 while a backup ran");
        } else {
          assertThat(prune.exitCode()).as(prune.describe()).isIn(0, 5);
        }
      }
    }
    assertThat(conclusive).as("rounds where the backup held its lock while prune ran").isPositive();
    PouchResult listing = embedded.run("snapshots", "--repo", repo, "--json");
    for (var row : new com.fasterxml.jackson.databind.ObjectMapper().readTree(listing.out())) {
      references.establish(embedded, repo, row.get("id").asText(), source);
    }
    references.checkRepository(embedded, repo);
    PouchResult prune = embedded.run("prune", "--repo", repo);
    assertThat(prune.exitCode()).as(prune.describe()).isZero();
    references.checkRepository(embedded, repo);
  }

  /**
   * Backups and prunes started together at seeded offsets, with old snapshots forgotten in between so prune has
   * data to delete: every command ends with 0 or with 5 ("locked"), never anything else; every snapshot a backup
   * reported restores afterwards, so prune never deleted what a running backup needed.
   */
  @Test
  void backupsRacingPrunesNeverLoseData() throws Exception {
    int rounds = RunLength.pick(4, 20);
    Random random = new Random(11_007);
    List<String> made = new ArrayList<>();
    Path previous = null;
    for (int round = 0; round < rounds; round++) {
      Path source = wombat("race-" + round, 90 + round, 1_500_000);
      if (previous != null) {
        SourceFaultIT.copyTree(previous, source.resolve("previous"));
      }
      previous = source;
      long delay = random.nextInt(1500);
      boolean pruneFirst = random.nextBoolean();
      PouchResult backup;
      PouchResult prune;
      try (PouchProcess.Running first = pruneFirst ? pouch.start("prune", "--repo", repo, "--repack-threshold",
          "0.9") : pouch.start("backup", "--repo", repo, source.toString(), "--source-format", "plain", "--json")) {
        Thread.sleep(delay);
        try (PouchProcess.Running second = pruneFirst ? pouch.start("backup", "--repo", repo, source.toString(),
            "--source-format", "plain", "--json") : pouch.start("prune", "--repo", repo, "--repack-threshold",
            "0.9")) {
          PouchResult a = first.await(PouchProcess.TIMEOUT);
          PouchResult b = second.await(PouchProcess.TIMEOUT);
          backup = pruneFirst ? b : a;
          prune = pruneFirst ? a : b;
        }
      }
      for (PouchResult r : List.of(backup, prune)) {
        assertThat(r.exitCode()).as(r.describe()).isIn(0, 5);
        if (r.exitCode() == 5) {
          assertThat(r.err()).as(r.describe()).contains("locked");
          TALLY.add("commands refused with exit 5 (locked) in backup/prune races");
        }
      }
      if (backup.exitCode() == 0) {
        String id = ReferenceTrees.snapshotId(backup);
        references.establish(embedded, repo, id, source);
        made.add(id);
        TALLY.add("backups completed in backup/prune races");
      }
      if (prune.exitCode() == 0) {
        TALLY.add("prunes completed in backup/prune races");
      }
      if (made.size() > 2) {
        String forgotten = made.remove(0);
        assertThat(embedded.run("forget", "--repo", repo, forgotten).exitCode()).isZero();
        references.forget(forgotten);
      }
      references.checkRepository(embedded, repo);
    }
    assertThat(references.size()).isPositive();
  }

  /** Two restores of one snapshot at once into two targets: both complete and match. */
  @Test
  void twoRestoresAtOnce() throws Exception {
    Path source = wombat("restored", 95, 4_000_000);
    String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, source.toString(), "--json"));
    TreeDigest reference = references.establish(embedded, repo, id, source);
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    try (PouchProcess.Running a = pouch.start("restore", "--repo", repo, id, "--target", one.toString(), "--raw");
        PouchProcess.Running b = pouch.start("restore", "--repo", repo, id, "--target", two.toString(), "--raw")) {
      PouchResult ra = a.await(PouchProcess.TIMEOUT);
      PouchResult rb = b.await(PouchProcess.TIMEOUT);
      assertThat(ra.exitCode()).as(ra.describe()).isZero();
      assertThat(rb.exitCode()).as(rb.describe()).isZero();
    }
    assertThat(TreeDigest.of(one).differencesFrom(reference)).isEmpty();
    assertThat(TreeDigest.of(two).differencesFrom(reference)).isEmpty();
    TALLY.add("concurrent restore pairs that both matched");
  }

  /**
   * Two restores at once into the same empty target: they collide, and a restore that collides fails with one line
   * (exit 1); whichever reports success left exactly the snapshot's files.
   */
  @Test
  void twoRestoresIntoOneTargetNeverBothClaimIt() throws Exception {
    Path source = wombat("shared-target", 96, 2_000_000);
    String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, source.toString(), "--json"));
    TreeDigest reference = references.establish(embedded, repo, id, source);
    Path target = Files.createDirectories(tmp.resolve("target"));
    PouchResult ra;
    PouchResult rb;
    try (PouchProcess.Running a = pouch.start("restore", "--repo", repo, id, "--target", target.toString(), "--raw");
        PouchProcess.Running b = pouch.start("restore", "--repo", repo, id, "--target", target.toString(), "--raw")) {
      ra = a.await(PouchProcess.TIMEOUT);
      rb = b.await(PouchProcess.TIMEOUT);
    }
    for (PouchResult r : List.of(ra, rb)) {
      assertThat(r.exitCode()).as(r.describe()).isIn(0, 1);
      assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
    }
    assertThat(ra.exitCode() == 0 && rb.exitCode() == 0).as(ra.describe() + rb.describe()).isFalse();
    if (ra.exitCode() == 0 || rb.exitCode() == 0) {
      assertThat(TreeDigest.of(target).differencesFrom(reference)).isEmpty();
    }
    TALLY.add("restores into one target: " + (ra.exitCode() + rb.exitCode() == 1 ? "one won, one refused"
        : "both refused"));
  }
}
