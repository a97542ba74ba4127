package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the pouch CLI during backup, restore, prune and copy of a local repository, at seeded moments
 * (10 crash points per command, 50 under {@code -Plong}). After each crash: {@code verify --read-data} exits 0
 * (unreferenced packs are fine), every snapshot restores, completed ones byte-identically to their reference, and
 * the command run again completes.
 */
class CrashIT {

  static final String PASSWORD = "crash test: correct horse battery staple";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Tally TALLY = new Tally("crash");

  @TempDir Path tmp;
  private PouchProcess pouch;
  private EmbeddedPouch embedded;
  private ScratchDirectories scratch;
  private ReferenceTrees references;

  @BeforeEach
  void setUp() throws Exception {
    pouch = PouchProcess.in(tmp.resolve("logs")).withPassword(PASSWORD);
    embedded = EmbeddedPouch.withPassword(PASSWORD);
    scratch = new ScratchDirectories(tmp.resolve("scratch"));
    references = new ReferenceTrees(scratch);
  }

  @AfterAll
  static void writeCounts() throws Exception {
    TALLY.write();
  }

  private Path wombat(int seed, long bytes) throws Exception {
    Path dir = tmp.resolve("sources").resolve("wombat-" + seed);
    WombatSimulator.generate(dir, bytes, Mix.BALANCED, seed);
    return dir;
  }

  private String init(Path repo) throws Exception {
    PouchResult r = pouch.run("init", "--repo", repo.toString(), "--insecure-fast-kdf", "--pack-size-mib", "1");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return repo.toString();
  }

  @Test
  void killedBackups() throws Exception {
    int points = RunLength.pick(10, 50);
    Random random = new Random(11_001);
    Path repoDir = tmp.resolve("repo");
    String repo = init(repoDir);

    Path first = wombat(1, 2_500_000);
    long started = System.nanoTime();
    PouchResult clean = pouch.run("backup", "--repo", repo, first.toString(), "--json");
    Duration typical = Duration.ofNanos(System.nanoTime() - started);
    references.establish(embedded, repo, ReferenceTrees.snapshotId(clean), first);
    int objects = JSON.readTree(clean.out()).get("summary").get("packsWritten").asInt() + 3; // + lock, index, snapshot

    int crashes = 0;
    int finishedFirst = 0;
    for (int draw = 0; crashes < points; draw++) {
      assertThat(draw).as("draws needed for %d crash points", points).isLessThan(points * 4);
      Path source = wombat(100 + draw, 2_500_000);
      references.source(source);
      KillSwitch.Moment moment = KillSwitch.pick(random, draw, typical, repoDir, objects);
      try (PouchProcess.Running run = pouch.start("backup", "--repo", repo, source.toString(), "--json")) {
        if (!KillSwitch.strike(run, moment)) {
          finishedFirst++;
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
    TALLY.add("backup: crash points", crashes);
    TALLY.add("backup: runs that finished before their kill moment", finishedFirst);
    TALLY.add("backup: snapshots checked at the end", references.size());
  }

  @Test
  void killedRestores() throws Exception {
    int points = RunLength.pick(10, 50);
    Random random = new Random(11_002);
    String repo = init(tmp.resolve("repo"));
    Path source = wombat(2, 8_000_000);
    String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, source.toString(), "--json"));
    TreeDigest reference = references.establish(embedded, repo, id, source);

    Path measured = scratch.next("measured");
    long started = System.nanoTime();
    // --raw: the reference is the captured bytes; a prepared restore renumbers WAL segments for Wombat
    PouchResult clean = pouch.run("restore", "--repo", repo, id, "--target", measured.toString(), "--threads", "1",
        "--raw");
    Duration typical = Duration.ofNanos(System.nanoTime() - started);
    assertThat(clean.exitCode()).as(clean.describe()).isZero();
    int files = reference.files().size();

    int crashes = 0;
    int finishedFirst = 0;
    for (int draw = 0; crashes < points; draw++) {
      assertThat(draw).as("draws needed for %d crash points", points).isLessThan(points * 4);
      Path target = scratch.next("killed");
      KillSwitch.Moment moment = KillSwitch.pick(random, draw, typical, target, files);
      try (PouchProcess.Running run = pouch.start("restore", "--repo", repo, id, "--target", target.toString(),
          "--threads", "1", "--raw")) {
        if (!KillSwitch.strike(run, moment)) {
          finishedFirst++;
          assertThat(run.await(PouchProcess.TIMEOUT).exitCode()).isZero();
          assertThat(TreeDigest.of(target).differencesFrom(reference)).isEmpty();
          continue;
        }
      }
      crashes++;
      references.checkRepository(embedded, repo);
      PouchResult again = embedded.run("restore", "--repo", repo, id, "--target", target.toString(), "--force",
          "--raw");
      assertThat(again.exitCode()).as(again.describe()).isZero();
      assertThat(TreeDigest.of(target).differencesFrom(reference)).as("restore into the target of the killed one")
          .isEmpty();
      ScratchDirectories.delete(target);
    }
    TALLY.add("restore: crash points", crashes);
    TALLY.add("restore: runs that finished before their kill moment", finishedFirst);
  }

  /**
   * Prune repacks and deletes only what has become garbage, so each round adds a snapshot whose source shares half
   * its files with the previous one (plain capture of Wombat files) and forgets all but the newest two: the packs of
   * the forgotten snapshot are then partly in use, and prune (repack threshold 0.9) both repacks and deletes.
   */
  @Test
  void killedPrunes() throws Exception {
    int points = RunLength.pick(10, 50);
    Random random = new Random(11_003);
    Path repoDir = tmp.resolve("repo");
    String repo = init(repoDir);
    ArrayDeque<String> kept = new ArrayDeque<>();
    Path previous = null;
    for (int n = 0; n < 3; n++) {
      previous = addOverlappingSnapshot(repo, n, previous, kept);
    }
    long started = System.nanoTime();
    JsonNode clean = json(pouch.run("prune", "--repo", repo, "--repack-threshold", "0.9", "--json"));
    Duration typical = Duration.ofNanos(System.nanoTime() - started);
    JsonNode report = clean.get("report");
    int changes = report.get("packsRepacked").asInt() + report.get("packsWritten").asInt()
        + report.get("packsUnused").asInt() + 4; // + lock, index written and deleted, audit record
    references.checkRepository(embedded, repo);

    int crashes = 0;
    int finishedFirst = 0;
    long repacked = 0;
    for (int draw = 0; crashes < points; draw++) {
      assertThat(draw).as("draws needed for %d crash points", points).isLessThan(points * 4);
      previous = addOverlappingSnapshot(repo, 3 + draw, previous, kept);
      KillSwitch.Moment moment = KillSwitch.pick(random, draw, typical, repoDir, changes);
      try (PouchProcess.Running run = pouch.start("prune", "--repo", repo, "--repack-threshold", "0.9", "--json")) {
        if (!KillSwitch.strike(run, moment)) {
          finishedFirst++;
          repacked += json(run.await(PouchProcess.TIMEOUT)).get("report").get("packsRepacked").asInt();
          continue;
        }
      }
      crashes++;
      references.checkRepository(embedded, repo);
      repacked += json(embedded.run("prune", "--repo", repo, "--repack-threshold", "0.9", "--json")).get("report")
          .get("packsRepacked").asInt();
    }
    references.checkRepository(embedded, repo);
    assertThat(repacked).as("packs repacked by the prunes that completed").isPositive();
    TALLY.add("prune: crash points", crashes);
    TALLY.add("prune: runs that finished before their kill moment", finishedFirst);
    TALLY.add("prune: packs repacked by completed prunes", repacked);
  }

  /** Backs up a new source sharing half its files with {@code previous}, then forgets all but the newest two. */
  private Path addOverlappingSnapshot(String repo, int n, Path previous, Deque<String> kept)
      throws Exception {
    Path generated = wombat(200 + n, 1_500_000);
    Path source = tmp.resolve("sources").resolve("mixed-" + n);
    Files.createDirectories(source.resolve("new"));
    for (Path f : TreeDigest.of(generated).files().stream().map(generated::resolve).toList()) {
      Files.copy(f, source.resolve("new").resolve(f.getFileName()));
    }
    if (previous != null) {
      Files.createDirectories(source.resolve("older"));
      int i = 0;
      for (String name : TreeDigest.of(previous.resolve("new")).files()) {
        if (i++ % 2 == 0) {
          Files.copy(previous.resolve("new").resolve(name), source.resolve("older").resolve(name));
        }
      }
    }
    String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, source.toString(),
        "--source-format", "plain", "--json"));
    references.establish(embedded, repo, id, source);
    kept.addLast(id);
    while (kept.size() > 2) {
      String old = kept.removeFirst();
      PouchResult forget = embedded.run("forget", "--repo", repo, old);
      assertThat(forget.exitCode()).as(forget.describe()).isZero();
      references.forget(old);
    }
    return source;
  }

  /** Copies into a target made with {@code init --copy-of} (shared keys, raw copy); each round adds a snapshot. */
  @Test
  void killedCopies() throws Exception {
    int points = RunLength.pick(10, 50);
    Random random = new Random(11_004);
    String from = init(tmp.resolve("primary"));
    Path toDir = tmp.resolve("copy");
    PouchResult made = pouch.run("init", "--repo", toDir.toString(), "--copy-of", from);
    assertThat(made.exitCode()).as(made.describe()).isZero();
    String to = toDir.toString();
    ReferenceTrees copied = new ReferenceTrees(scratch);

    Path first = wombat(3, 2_500_000);
    String firstId = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", from, first.toString(), "--json"));
    references.establish(embedded, from, firstId, first);
    copied.source(first);
    long started = System.nanoTime();
    PouchResult clean = pouch.run("copy", "--from", from, "--to", to);
    Duration typical = Duration.ofNanos(System.nanoTime() - started);
    assertThat(clean.exitCode()).as(clean.describe()).isZero();
    int objects = StoredObjects.under(toDir.resolve("data")).size() + 2; // + index, snapshot
    copied.adopt(firstId, references.reference(firstId));

    int crashes = 0;
    int finishedFirst = 0;
    for (int draw = 0; crashes < points; draw++) {
      assertThat(draw).as("draws needed for %d crash points", points).isLessThan(points * 4);
      Path source = wombat(300 + draw, 2_500_000);
      String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", from, source.toString(), "--json"));
      references.establish(embedded, from, id, source);
      copied.source(source);
      KillSwitch.Moment moment = KillSwitch.pick(random, draw, typical, toDir, objects);
      try (PouchProcess.Running run = pouch.start("copy", "--from", from, "--to", to)) {
        if (!KillSwitch.strike(run, moment)) {
          finishedFirst++;
          assertThat(run.await(PouchProcess.TIMEOUT).exitCode()).isZero();
          references.ids().forEach(done -> copied.adopt(done, references.reference(done)));
          continue;
        }
      }
      crashes++;
      copied.checkRepository(embedded, to);
      PouchResult again = embedded.run("copy", "--from", from, "--to", to);
      assertThat(again.exitCode()).as(again.describe()).isZero();
      references.ids().forEach(done -> copied.adopt(done, references.reference(done)));
    }
    assertThat(copied.checkRepository(embedded, to).snapshots()).isEqualTo(references.size());
    references.checkRepository(embedded, from);
    TALLY.add("copy: crash points", crashes);
    TALLY.add("copy: runs that finished before their kill moment", finishedFirst);
  }

  static JsonNode json(PouchResult r) throws Exception {
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return JSON.readTree(r.out());
  }
}
