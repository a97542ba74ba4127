package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed input end to end, through the CLI as a process (heap capped at 256 MiB, so unbounded
 * allocation fails the test): snapshots crafted by someone holding the key, special files in the source, malformed
 * Wombat files, and broken config files. Every case ends with a clear one-line error or a clean result, within the
 * time limit, and nothing is ever written outside the restore target.
 */
class HostileInputIT {

  static final String PASSWORD = "hostile input password";
  private static final Tally TALLY = new Tally("hostile-input");

  @TempDir static Path shared;
  private static Path original;
  @TempDir Path tmp;

  @BeforeAll
  static void generate() throws IOException {
    original = shared.resolve("wombat");
    WombatSimulator.generate(original, 1_200_000, Mix.BALANCED, 31);
  }

  @AfterAll
  static void writeCounts() throws IOException {
    TALLY.write();
  }

  private PouchProcess pouch() throws IOException {
    return PouchProcess.in(tmp.resolve("logs")).withPassword(PASSWORD);
  }

  private static void assertClearFailure(PouchResult r, int exitCode) {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(exitCode);
    assertThat(r.err()).as(r.describe()).startsWith("pouch: ");
    assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
  }

  // ---- hostile snapshots

  private record Crafted(String repo, FileEntry realFile, Path outside) {}

  /** A repository with one honest backup (for real chunks) and a directory outside every restore target. */
  private Crafted craftingBench() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("payload"), "attacker data\n".repeat(100));
    String repo = tmp.resolve("repo").toString();
    EmbeddedPouch embedded = EmbeddedPouch.withPassword(PASSWORD);
    assertThat(embedded.run("init", "--repo", repo, "--insecure-fast-kdf").exitCode()).isZero();
    String id = ReferenceTrees.snapshotId(embedded.run("backup", "--repo", repo, src.toString(), "--json"));
    FileEntry real;
    try (LocalStorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(Path.of(repo)))) {
      real = new SnapshotStore(open(backend)).read(new SnapshotId(id)).files().stream()
          .filter(f -> f.type() == EntryType.FILE).findFirst().orElseThrow();
    }
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("sentinel"), "must stay untouched");
    return new Crafted(repo, real, outside);
  }

  private static Repository open(LocalStorageBackend backend) throws IOException {
    return Repository.open(backend, PASSWORD.toCharArray(), Clock.systemUTC(), new SecureRandom());
  }

  private static String write(Crafted bench, List<FileEntry> entries) throws IOException {
    try (LocalStorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(Path.of(bench.repo())))) {
      return new SnapshotStore(open(backend)).write(new Snapshot(Snapshot.VERSION, Instant.now(), "attacker",
          "/src", null, List.of(), entries, null, null)).hex();
    }
  }

  private static FileEntry file(FileEntry real, String path) {
    return new FileEntry(path, EntryType.FILE, 0644, real.mtime(), real.size(), real.chunks(), null, null, null);
  }

  private static FileEntry dir(String path) {
    return new FileEntry(path, EntryType.DIRECTORY, 0755, Instant.now(), 0, List.of(), null, null, null);
  }

  private static FileEntry link(String path, String target) {
    return new FileEntry(path, EntryType.SYMLINK, 0777, Instant.now(), 0, List.of(), target, null, null);
  }

  /** Everything under the test's directory except the restore target, for "nothing written outside". */
  private TreeDigest outsideTarget(Path target) throws IOException {
    TreeDigest all = TreeDigest.of(tmp);
    Map<String, String> kept = new TreeMap<>(all.entries());
    String prefix = tmp.relativize(target).toString();
    kept.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "/") || k.equals("logs")
        || k.startsWith("logs/"));
    return new TreeDigest(kept);
  }

  /** The kinds of crafted snapshot, each built from the bench. */
  enum HostileSnapshot {
    ABSOLUTE_PATH, DOT_DOT, DOT_DOT_INSIDE, DOT_SEGMENT, EMPTY_SEGMENT, NUL_BYTE, DUPLICATE, BELOW_A_SYMLINK,
    BELOW_A_SYMLINK_LISTED_LATER, BELOW_A_FILE, TOO_DEEP, TOO_LONG, GIANT_SIZE, SIZE_SHORT_OF_ITS_CHUNKS,
    UNKNOWN_CHUNK;

    List<FileEntry> entries(FileEntry real, Path outside) {
      FileEntry innocent = file(real, "innocent");
      return switch (this) {
        case ABSOLUTE_PATH -> List.of(innocent, file(real, outside.resolve("evil").toString()));
        case DOT_DOT -> List.of(innocent, file(real, "../outside/evil"));
        case DOT_DOT_INSIDE -> List.of(innocent, dir("a"), file(real, "a/../../outside/evil"));
        case DOT_SEGMENT -> List.of(innocent, file(real, "./evil"));
        case EMPTY_SEGMENT -> List.of(innocent, file(real, "a//evil"));
        case NUL_BYTE -> List.of(innocent, file(real, "evil\0.txt"));
        case DUPLICATE -> List.of(innocent, file(real, "innocent"));
        case BELOW_A_SYMLINK -> List.of(link("link", outside.toString()), file(real, "link/evil"));
        case BELOW_A_SYMLINK_LISTED_LATER -> List.of(file(real, "link/evil"), link("link", outside.toString()));
        case BELOW_A_FILE -> List.of(innocent, file(real, "innocent/evil"));
        case TOO_DEEP -> List.of(file(real, "d/".repeat(300) + "evil"));
        case TOO_LONG -> List.of(file(real, "x".repeat(5000)));
        case GIANT_SIZE -> List.of(new FileEntry("giant", EntryType.FILE, 0644, real.mtime(), 1L << 62,
            real.chunks(), null, null, null));
        case SIZE_SHORT_OF_ITS_CHUNKS -> List.of(new FileEntry("short", EntryType.FILE, 0644, real.mtime(),
            real.size() - 1, real.chunks(), null, null, null));
        case UNKNOWN_CHUNK -> List.of(new FileEntry("unknown", EntryType.FILE, 0644, real.mtime(), 10,
            List.of("00".repeat(32)), null, null, null));
      };
    }
  }

  /**
   * {@code pouch restore} of a crafted snapshot exits 3 with one line, and nothing appears outside the target (the
   * target itself stays empty or absent: every check runs before the first byte is written).
   */
  @ParameterizedTest
  @EnumSource(HostileSnapshot.class)
  void craftedSnapshotsAreRefusedAndWriteNothingOutsideTheTarget(HostileSnapshot kind) throws Exception {
    Crafted bench = craftingBench();
    String id = write(bench, kind.entries(bench.realFile(), bench.outside()));
    Path target = tmp.resolve("target");
    TreeDigest before = outsideTarget(target);
    PouchResult r = pouch().run("restore", "--repo", bench.repo(), id, "--target", target.toString());
    assertClearFailure(r, 3);
    assertThat(outsideTarget(target).differencesFrom(before)).as(r.describe()).isEmpty();
    if (Files.exists(target)) {
      try (Stream<Path> s = Files.list(target)) {
        assertThat(s.toList()).as("written into the target before refusing").isEmpty();
      }
    }
    TALLY.add("crafted snapshots refused by restore (exit 3)");
  }

  /**
   * {@code restore --force} into a target where someone planted a symlink to the outside under a directory name the
   * snapshot uses: the restore refuses to write through it.
   */
  @Test
  void plantedSymlinkInTheTargetIsNotFollowed() throws Exception {
    Crafted bench = craftingBench();
    String id = write(bench, List.of(dir("data"), file(bench.realFile(), "data/evil")));
    Path target = Files.createDirectories(tmp.resolve("target"));
    Files.createSymbolicLink(target.resolve("data"), bench.outside());
    TreeDigest before = outsideTarget(target);
    PouchResult r = pouch().run("restore", "--repo", bench.repo(), id, "--target", target.toString(), "--force");
    assertThat(r.exitCode()).as(r.describe()).isIn(1, 3);
    assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
    assertThat(bench.outside().resolve("evil")).doesNotExist();
    assertThat(outsideTarget(target).differencesFrom(before)).isEmpty();
    TALLY.add("crafted snapshots refused by restore (planted symlink in the target)");
  }

  // ---- special files in the source

  /** A FIFO (and, as root, a character device) in the source: skipped with a warning, never opened (no hang). */
  @Test
  void fifosAndDevicesInTheSourceAreSkippedWithAWarning() throws Exception {
    Path source = tmp.resolve("source");
    SourceFaultIT.copyTree(original, source);
    Files.writeString(source.resolve("notes.txt"), "plain file next to special ones\n");
    assertThat(run("mkfifo", source.resolve("a-fifo").toString())).isZero();
    boolean device = run("mknod", source.resolve("a-device").toString(), "c", "1", "3") == 0;
    String repo = tmp.resolve("repo").toString();
    PouchProcess pouch = pouch();
    EmbeddedPouch embedded = EmbeddedPouch.withPassword(PASSWORD);
    assertThat(embedded.run("init", "--repo", repo, "--insecure-fast-kdf").exitCode()).isZero();
    for (String format : List.of("plain", "wombat")) {
      PouchResult backup = pouch.run("backup", "--repo", repo, source.toString(), "--source-format", format);
      assertThat(backup.exitCode()).as(backup.describe()).isZero();
      assertThat(backup.err()).as(backup.describe()).contains("warning:").contains("a-fifo");
      if (device) {
        assertThat(backup.err()).as(backup.describe()).contains("a-device");
      }
      Path target = tmp.resolve("restored-" + format);
      PouchResult restore = embedded.run("restore", "--repo", repo, "latest", "--target", target.toString(), "--raw");
      assertThat(restore.exitCode()).as(restore.describe()).isZero();
      assertThat(target.resolve("a-fifo")).doesNotExist();
      assertThat(target.resolve("a-device")).doesNotExist();
      assertThat(Files.readString(target.resolve("notes.txt"))).isEqualTo("plain file next to special ones\n");
      TALLY.add("sources with a FIFO" + (device ? " and a device" : "") + " backed up, specials skipped");
    }
  }

  /**
   * Directories nested 300 deep, deeper than restore accepts (256): the backup leaves the part below level 256 out
   * with a warning, and what it stored restores.
   */
  @Test
  void deeplyNestedSourceIsCutAtTheDepthRestoreAccepts() throws Exception {
    Path source = tmp.resolve("deep");
    Path tooDeep = source.resolve("d/".repeat(300));
    Files.createDirectories(tooDeep);
    Files.writeString(tooDeep.resolve("leaf.txt"), "at the bottom");
    Path deepest = source.resolve("d/".repeat(255));
    Files.writeString(deepest.resolve("last.txt"), "deepest restorable file");
    String repo = tmp.resolve("repo").toString();
    EmbeddedPouch embedded = EmbeddedPouch.withPassword(PASSWORD);
    assertThat(embedded.run("init", "--repo", repo, "--insecure-fast-kdf").exitCode()).isZero();
    PouchResult backup = pouch().run("backup", "--repo", repo, source.toString());
    assertThat(backup.exitCode()).as(backup.describe()).isZero();
    assertThat(backup.err()).as(backup.describe()).contains("warning:").contains("nests deeper than 256 levels");
    Path target = tmp.resolve("target");
    PouchResult restore = pouch().run("restore", "--repo", repo, "latest", "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.describe()).isZero();
    assertThat(target.resolve("d/".repeat(255)).resolve("last.txt")).hasContent("deepest restorable file");
    assertThat(target.resolve("d/".repeat(256))).isEmptyDirectory();
    assertThat(target.resolve("d/".repeat(257))).doesNotExist();
    TALLY.add("deep source: cut at level 256 with a warning, the rest restored");
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  // ---- malformed Wombat files

  /** Ways to damage one file of a Wombat directory. */
  enum Damage {
    MANIFEST_GARBAGE_APPENDED("MANIFEST"), MANIFEST_MIDDLE_SCRAMBLED("MANIFEST"), MANIFEST_TRUNCATED("MANIFEST"),
    MANIFEST_HUGE_LINE("MANIFEST"), WAL_BYTES_FLIPPED("wal_5.log"), WAL_GIANT_LENGTHS("wal_5.log"),
    WAL_TRUNCATED("wal_5.log"), SST_TRUNCATED("sst"), SST_FOOTER_GIANT("sst"), SST_ZEROED("sst"),
    VLOG_GIANT_SIZE("vlog_1.dat"), VLOG_TRUNCATED("vlog_1.dat"), VLOG_GARBAGE_APPENDED("vlog_1.dat"),
    CONFIG_NOT_JSON("config");

    final String file;

    Damage(String file) {
      this.file = file;
    }

    void apply(Path dir, Random random) throws IOException {
      Path f = file.equals("sst") ? someSst(dir) : dir.resolve(file);
      byte[] b = Files.readAllBytes(f);
      byte[] out = switch (this) {
        case MANIFEST_GARBAGE_APPENDED, VLOG_GARBAGE_APPENDED -> concat(b, randomBytes(random, 64 * 1024));
        case MANIFEST_MIDDLE_SCRAMBLED -> overwrite(b, b.length / 2, randomBytes(random, 100));
        case MANIFEST_TRUNCATED, WAL_TRUNCATED, SST_TRUNCATED -> Arrays.copyOf(b, b.length / 2);
        case MANIFEST_HUGE_LINE -> concat(b, "x".repeat(5 << 20).getBytes(StandardCharsets.US_ASCII));
        case WAL_BYTES_FLIPPED -> {
          byte[] c = b.clone();
          for (int i = 0; i < 50; i++) {
            c[random.nextInt(Math.max(1, c.length / 2))] ^= (byte) (1 + random.nextInt(255));
          }
          yield c;
        }
        case WAL_GIANT_LENGTHS, VLOG_GIANT_SIZE -> overwrite(b, 0, filled(32, (byte) 0x7f));
        case SST_FOOTER_GIANT -> overwrite(b, b.length - 64, filled(64, (byte) 0xff));
        case SST_ZEROED -> new byte[b.length];
        case VLOG_TRUNCATED -> Arrays.copyOf(b, 10);
        case CONFIG_NOT_JSON -> "{not json".getBytes(StandardCharsets.US_ASCII);
      };
      Files.write(f, out);
    }

    private static Path someSst(Path dir) throws IOException {
      try (Stream<Path> s = Files.list(dir)) {
        return s.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().skip(2).findFirst().orElseThrow();
      }
    }
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static byte[] overwrite(byte[] a, int at, byte[] with) {
    byte[] c = a.clone();
    System.arraycopy(with, 0, c, at, Math.min(with.length, c.length - at));
    return c;
  }

  /**
   * A Wombat source with one malformed file. The backup either succeeds (warnings allowed) and then its raw restore
   * holds exactly what the source held, or it fails with one clear line; never a stack trace, never a hang, within
   * a 256 MiB heap.
   */
  @ParameterizedTest
  @EnumSource(Damage.class)
  void malformedWombatFilesGiveAResultOrAClearError(Damage damage) throws Exception {
    Path source = tmp.resolve("source");
    SourceFaultIT.copyTree(original, source);
    damage.apply(source, new Random(damage.ordinal()));
    String repo = tmp.resolve("repo").toString();
    EmbeddedPouch embedded = EmbeddedPouch.withPassword(PASSWORD);
    assertThat(embedded.run("init", "--repo", repo, "--insecure-fast-kdf").exitCode()).isZero();
    PouchResult backup = pouch().run("backup", "--repo", repo, source.toString(), "--json");
    assertThat(backup.showsJavaInternals()).as(backup.describe()).isFalse();
    if (backup.exitCode() != 0) {
      assertClearFailure(backup, backup.exitCode());
      TALLY.add("malformed Wombat sources: backup refused with one line");
      return;
    }
    String id = ReferenceTrees.snapshotId(backup);
    Path raw = tmp.resolve("raw");
    PouchResult restore = embedded.run("restore", "--repo", repo, id, "--target", raw.toString(), "--raw");
    assertThat(restore.exitCode()).as(restore.describe()).isZero();
    List<String> differences = new ArrayList<>(CaptureComparison.differences(source, raw));
    differences.removeIf(d -> d.endsWith("missing from the restore") && backup.output().contains(
        d.substring(0, d.indexOf(':'))));
    assertThat(differences).as("restore vs source; backup said: " + backup.describe()).isEmpty();
    Path prepared = tmp.resolve("prepared");
    PouchResult checked = embedded.run("restore", "--repo", repo, id, "--target", prepared.toString());
    assertThat(checked.showsJavaInternals()).as(checked.describe()).isFalse();
    assertThat(checked.exitCode()).as(checked.describe()).isIn(0, 3);
    if (checked.exitCode() == 3) {
      // Garbage in, flagged garbage out: the backup warned about the file, and the check of the restore names it.
      String named = checked.err().substring("pouch: ".length()).replaceFirst("^[^:]*: ", "").split(":")[0];
      assertThat(backup.out()).as("backup warned about %s: %s", named, backup.describe()).contains(named);
    }
    TALLY.add("malformed Wombat sources: backed up" + (checked.exitCode() == 0 ? ", verified by meaning"
        : " with a warning, by-meaning check of the restore failed naming the file (exit 3)"));
  }

  // ---- config files

  static List<String[]> brokenConfigs() {
    return List.of(
        new String[] {"source:\n  path: /tmp\nschedule:\n  full: [1, 2]\n", "4"},
        new String[] {"source:\n  path: /tmp\nretention:\n  days: thirty\n", "4"},
        new String[] {"source:\n  path: /tmp\nmonitoring:\n  listen: {host: 1}\n", "4"},
        new String[] {"source: just a string\n", "1"},
        new String[] {"source:\n  path: /tmp\nlimits:\n  max_backup_size: lots\n", "4"},
        new String[] {"source:\n  path: /tmp\nsourc:\n  path: /x\n", "3"},
        new String[] {"source:\n  path: /tmp\n  exclude: *.tmp\n", "3"},
        new String[] {"source:\n\tpath: /tmp\n", "1"});
  }

  /**
   * Wrong types, unknown keys and broken YAML: exit 2, each problem as FILE:LINE. (For a tab used as indentation
   * the YAML parser reports the end of the line before the tab, where its scan started: "source:" above.)
   */
  @ParameterizedTest
  @MethodSource("brokenConfigs")
  void configFilesWithWrongTypesNameFileAndLine(String yaml, String line) throws Exception {
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, "repository:\n  url: " + tmp.resolve("repo") + "\n" + yaml);
    int expectedLine = Integer.parseInt(line) + 2;
    PouchResult r = EmbeddedPouch.withPassword(PASSWORD).run("run", "--config", config.toString(), "--check-config");
    assertClearFailure(r, 2);
    assertThat(r.err()).as(r.describe()).contains(config + ":" + expectedLine);
    TALLY.add("broken config files reported with file:line");
  }

  /** A YAML alias bomb (a billion laughs): refused quickly, within the capped heap, as a clear error. */
  @Test
  void yamlAliasBombIsRefused() throws Exception {
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*")
          .append(p).append("]\n");
    }
    Path config = tmp.resolve("pouch.yaml");
    Files.writeString(config, yaml);
    PouchResult r = pouch().run("run", "--config", config.toString(), "--check-config");
    assertClearFailure(r, 2);
    assertThat(r.err()).contains(config.toString());
    TALLY.add("broken config files reported with file:line");
  }
}
