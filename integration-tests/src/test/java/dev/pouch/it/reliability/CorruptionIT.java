package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.pack.PackContents;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.wombat.simulator.Mix;
import dev.pouch.wombat.simulator.WombatSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects of a local repository flipped, truncated, deleted, swapped and replayed behind pouch's back. Each case
 * starts from a copy of one pristine repository holding three snapshots of three sources (packs of 1 MiB, one index
 * object per backup). {@code verify --read-data} must exit 3 and name the object and the snapshots it affects;
 * unaffected snapshots still restore byte for byte; affected ones refuse with exit 3; {@code repair index} rebuilds
 * lost index objects from the packs. Which snapshot needs which pack comes from the repository itself (its index and
 * snapshots, read through the agent's API), not from verify.
 */
class CorruptionIT {

  static final String PASSWORD = "corruption test password";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Tally TALLY = new Tally("corruption");

  @TempDir static Path shared;
  private static Path pristine;
  private static final List<String> ids = new ArrayList<>();
  private static final Map<String, TreeDigest> references = new HashMap<>();
  /** Snapshot (short id) -> pack keys it needs. */
  private static final Map<String, Set<String>> packsOf = new HashMap<>();
  /** Snapshot (short id) -> the index object its backup wrote. */
  private static final Map<String, String> indexOf = new HashMap<>();
  private static final Map<String, Path> sources = new LinkedHashMap<>();

  @TempDir Path tmp;
  private final EmbeddedPouch pouch = EmbeddedPouch.withPassword(PASSWORD);

  @BeforeAll
  static void buildPristineRepository() throws Exception {
    pristine = shared.resolve("pristine");
    EmbeddedPouch pouch = EmbeddedPouch.withPassword(PASSWORD);
    PouchResult init = pouch.run("init", "--repo", pristine.toString(), "--insecure-fast-kdf", "--pack-size-mib", "1");
    assertThat(init.exitCode()).as(init.describe()).isZero();
    ReferenceTrees trees = new ReferenceTrees(new ScratchDirectories(shared.resolve("scratch")));
    for (int i = 0; i < 3; i++) {
      Path source = shared.resolve("source-" + i);
      WombatSimulator.generate(source, 2_000_000, Mix.BALANCED, 40 + i);
      Set<String> indexBefore = StoredObjects.under(pristine.resolve("index"));
      String id = ReferenceTrees.snapshotId(pouch.run("backup", "--repo", pristine.toString(), source.toString(),
          "--json"));
      references.put(id, trees.establish(pouch, pristine.toString(), id, source));
      ids.add(id);
      sources.put(id, source);
      Set<String> written = new TreeSet<>(StoredObjects.under(pristine.resolve("index")));
      written.removeAll(indexBefore);
      assertThat(written).hasSize(1);
      indexOf.put(shortId(id), "index/" + written.iterator().next());
    }
    try (LocalStorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(pristine))) {
      Repository repository = Repository.open(backend, PASSWORD.toCharArray(), Clock.systemUTC(), new SecureRandom());
      ChunkIndex index = new IndexStore(repository).loadAll().index();
      for (SnapshotStore.Stored s : new SnapshotStore(repository).list().snapshots()) {
        Set<String> packs = new TreeSet<>();
        for (FileEntry f : s.snapshot().files()) {
          f.chunks().forEach(c -> packs.add(RepositoryLayout.pack(index.find(ChunkId.parse(c)).orElseThrow().pack())
              .value()));
        }
        packsOf.put(s.id().shortHex(), packs);
      }
    }
  }

  @AfterAll
  static void writeCounts() throws IOException {
    TALLY.write();
  }

  static String shortId(String id) {
    return id.substring(0, 8);
  }

  /** A fresh copy of the pristine repository. */
  private Path copy() throws IOException {
    Path repo = tmp.resolve("repo");
    SourceFaultIT.copyTree(pristine, repo);
    return repo;
  }

  /** A pack that exactly one snapshot needs (the i-th), so the other two must stay restorable. */
  private static String packOnlyFor(int i) {
    String only = shortId(ids.get(i));
    for (String pack : packsOf.get(only)) {
      boolean shared = packsOf.entrySet().stream().anyMatch(e -> !e.getKey().equals(only)
          && e.getValue().contains(pack));
      if (!shared) {
        return pack;
      }
    }
    throw new IllegalStateException("every pack of snapshot " + only + " is shared");
  }

  /** What {@code verify --read-data --json} reported. */
  private record Verified(PouchResult result, Map<String, Set<String>> problems) {
    Set<String> affectedBy(String object) {
      return problems.getOrDefault(object, Set.of());
    }
  }

  private Verified verify(Path repo) throws Exception {
    PouchResult r = pouch.run("verify", "--repo", repo.toString(), "--read-data", "--json");
    Map<String, Set<String>> problems = new LinkedHashMap<>();
    if (!r.out().isBlank()) {
      for (JsonNode p : JSON.readTree(r.out()).path("problems")) {
        Set<String> affected = problems.computeIfAbsent(p.get("object").asText(), k -> new TreeSet<>());
        p.get("affectedSnapshots").forEach(a -> affected.add(a.asText()));
      }
    }
    return new Verified(r, problems);
  }

  /**
   * verify exits 3 and reports {@code object} affecting exactly {@code affected} (short ids); the other snapshots
   * restore to their references; the affected ones refuse to restore with exit 3, never printing Java internals, or
   * (when the damage is outside what they read, such as a pack's header) restore to exactly their reference.
   */
  private void assertDetected(Path repo, String object, Set<String> affected, String kind) throws Exception {
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.problems()).as(v.result().describe()).containsKey(object);
    assertThat(v.affectedBy(object)).as(v.result().describe()).isEqualTo(affected);
    PouchResult text = pouch.run("verify", "--repo", repo.toString(), "--read-data");
    assertThat(text.exitCode()).isEqualTo(3);
    assertThat(text.out()).contains("error: " + object);
    assertRestores(repo, affected);
    TALLY.add("corruptions detected by verify (" + kind + ")");
  }

  private void assertRestores(Path repo, Set<String> affected) throws Exception {
    for (String id : ids) {
      Path target = tmp.resolve("restore-" + shortId(id) + "-" + System.nanoTime());
      PouchResult r = pouch.run("restore", "--repo", repo.toString(), id, "--target", target.toString(), "--raw");
      if (affected.contains(shortId(id)) && r.exitCode() != 0) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
        TALLY.add("restores of affected snapshots refused");
      } else {
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(TreeDigest.of(target).differencesFrom(references.get(id))).isEmpty();
        TALLY.add(affected.contains(shortId(id)) ? "restores of affected snapshots that still matched (damage "
            + "outside the chunks they read)" : "restores of unaffected snapshots that matched");
      }
    }
  }

  private static void flipBit(Path file, long offset) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[(int) offset] ^= 0x10;
    Files.write(file, b);
  }

  private static void truncate(Path file, long length) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, (int) length));
  }

  // ---- packs

  @Test
  void flippedBitInAPack() throws Exception {
    Path repo = copy();
    String pack = packOnlyFor(1);
    Path file = repo.resolve(pack);
    flipBit(file, Files.size(file) / 2);
    assertDetected(repo, pack, Set.of(shortId(ids.get(1))), "pack bit flip");
  }

  @Test
  void flippedBitInAPackHeader() throws Exception {
    Path repo = copy();
    String pack = packOnlyFor(0);
    Path file = repo.resolve(pack);
    flipBit(file, Files.size(file) - 40);
    assertDetected(repo, pack, Set.of(shortId(ids.get(0))), "pack header bit flip");
  }

  @Test
  void truncatedPack() throws Exception {
    Path repo = copy();
    String pack = packOnlyFor(2);
    Path file = repo.resolve(pack);
    truncate(file, Files.size(file) / 3);
    assertDetected(repo, pack, Set.of(shortId(ids.get(2))), "pack truncated");
  }

  @Test
  void deletedPack() throws Exception {
    Path repo = copy();
    String pack = packOnlyFor(1);
    Files.delete(repo.resolve(pack));
    assertDetected(repo, pack, Set.of(shortId(ids.get(1))), "pack deleted");
  }

  /** Two packs' contents exchanged: each fails the check of its name (the SHA-256 of its bytes). */
  @Test
  void swappedPacks() throws Exception {
    Path repo = copy();
    String a = packOnlyFor(0);
    String b = packOnlyFor(2);
    Path tmpFile = repo.resolve("swap.tmp");
    Files.move(repo.resolve(a), tmpFile);
    Files.move(repo.resolve(b), repo.resolve(a));
    Files.move(tmpFile, repo.resolve(b));
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.affectedBy(a)).containsExactly(shortId(ids.get(0)));
    assertThat(v.affectedBy(b)).containsExactly(shortId(ids.get(2)));
    assertRestores(repo, Set.of(shortId(ids.get(0)), shortId(ids.get(2))));
    TALLY.add("corruptions detected by verify (packs swapped)");
  }

  @Test
  void foreignObjectAmongThePacks() throws Exception {
    Path repo = copy();
    Files.createDirectories(repo.resolve("data/00"));
    Files.writeString(repo.resolve("data/00/not-a-pack"), "left here by someone else");
    assertDetected(repo, "data/00/not-a-pack", Set.of(), "foreign object in data/");
  }

  // ---- index

  @Test
  void flippedBitInAnIndexIsFoundAndRepairIndexRebuildsIt() throws Exception {
    Path repo = copy();
    String index = indexOf.get(shortId(ids.get(1)));
    flipBit(repo.resolve(index), 30);
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.problems()).containsKey(index);
    assertThat(v.problems().get("snapshots/" + ids.get(1))).as(v.result().describe())
        .containsExactly(shortId(ids.get(1)));
    TALLY.add("corruptions detected by verify (index bit flip)");
    assertRepairIndexRestoresEverything(repo);
  }

  @Test
  void truncatedIndexIsFoundAndRepairIndexRebuildsIt() throws Exception {
    Path repo = copy();
    String index = indexOf.get(shortId(ids.get(0)));
    truncate(repo.resolve(index), 20);
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.problems()).containsKey(index);
    assertThat(v.problems().get("snapshots/" + ids.get(0))).containsExactly(shortId(ids.get(0)));
    TALLY.add("corruptions detected by verify (index truncated)");
    assertRepairIndexRestoresEverything(repo);
  }

  @Test
  void deletedIndexIsFoundAndRepairIndexRebuildsItFromThePacks() throws Exception {
    Path repo = copy();
    for (String index : indexOf.values()) {
      Files.delete(repo.resolve(index));
    }
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    for (String id : ids) {
      assertThat(v.problems().get("snapshots/" + id)).as(v.result().describe()).containsExactly(shortId(id));
    }
    TALLY.add("corruptions detected by verify (every index deleted)");
    assertRepairIndexRestoresEverything(repo);
  }

  /** One index object's bytes under another's name: authentication binds the name, so it is unreadable. */
  @Test
  void swappedIndexObject() throws Exception {
    Path repo = copy();
    String a = indexOf.get(shortId(ids.get(0)));
    String b = indexOf.get(shortId(ids.get(2)));
    Files.copy(repo.resolve(a), repo.resolve(b), StandardCopyOption.REPLACE_EXISTING);
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.problems()).containsKey(b);
    assertThat(v.problems().get("snapshots/" + ids.get(2))).containsExactly(shortId(ids.get(2)));
    TALLY.add("corruptions detected by verify (index swapped)");
    assertRepairIndexRestoresEverything(repo);
  }

  private void assertRepairIndexRestoresEverything(Path repo) throws Exception {
    PouchResult repair = pouch.run("repair", "index", "--repo", repo.toString());
    assertThat(repair.exitCode()).as(repair.describe()).isZero();
    Verified after = verify(repo);
    assertThat(after.result().exitCode()).as(after.result().describe()).isZero();
    assertRestores(repo, Set.of());
    TALLY.add("index repairs after which verify passed");
  }

  // ---- snapshots

  @Test
  void flippedBitInASnapshot() throws Exception {
    Path repo = copy();
    String key = "snapshots/" + ids.get(1);
    flipBit(repo.resolve(key), 60);
    assertDetected(repo, key, Set.of(shortId(ids.get(1))), "snapshot bit flip");
  }

  @Test
  void truncatedSnapshot() throws Exception {
    Path repo = copy();
    String key = "snapshots/" + ids.get(2);
    truncate(repo.resolve(key), 10);
    assertDetected(repo, key, Set.of(shortId(ids.get(2))), "snapshot truncated");
  }

  /** One snapshot's bytes under another's id: authentication binds the id. */
  @Test
  void swappedSnapshot() throws Exception {
    Path repo = copy();
    String key = "snapshots/" + ids.get(0);
    Files.copy(repo.resolve("snapshots/" + ids.get(1)), repo.resolve(key),
        StandardCopyOption.REPLACE_EXISTING);
    assertDetected(repo, key, Set.of(shortId(ids.get(0))), "snapshot swapped");
  }

  /**
   * A snapshot deleted outside pouch looks exactly like one removed by {@code forget} (no list of snapshots exists
   * to compare with), so verify passes; the other snapshots are untouched. Pouch's own deletions are in the audit
   * trail ({@code pouch audit}).
   */
  @Test
  void deletedSnapshotLeavesTheOthersRestorable() throws Exception {
    Path repo = copy();
    Files.delete(repo.resolve("snapshots/" + ids.get(1)));
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isZero();
    for (String id : List.of(ids.get(0), ids.get(2))) {
      Path target = tmp.resolve("restore-" + shortId(id));
      PouchResult r = pouch.run("restore", "--repo", repo.toString(), id, "--target", target.toString(), "--raw");
      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(TreeDigest.of(target).differencesFrom(references.get(id))).isEmpty();
    }
    TALLY.add("deletions not detectable by verify (snapshot deleted; by design)");
  }

  /**
   * Replay: a snapshot removed by forget and prune is put back from an old copy of the repository. It authenticates
   * (it is genuine), but the data it needs was pruned: verify names it.
   */
  @Test
  void replayedSnapshotAfterPrune() throws Exception {
    Path repo = copy();
    String key = "snapshots/" + ids.get(1);
    byte[] old = Files.readAllBytes(repo.resolve(key));
    assertThat(pouch.run("forget", "--repo", repo.toString(), ids.get(1)).exitCode()).isZero();
    PouchResult prune = pouch.run("prune", "--repo", repo.toString());
    assertThat(prune.exitCode()).as(prune.describe()).isZero();
    Files.write(repo.resolve(key), old);
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.problems().get(key)).as(v.result().describe()).containsExactly(shortId(ids.get(1)));
    assertRestores(repo, Set.of(shortId(ids.get(1))));
    TALLY.add("corruptions detected by verify (snapshot replayed after prune)");
  }

  /** Replay: an index object deleted by prune comes back; it lists packs prune deleted, and verify names them. */
  @Test
  void replayedIndexAfterPrune() throws Exception {
    Path repo = copy();
    Map<String, byte[]> oldIndexes = new HashMap<>();
    for (String name : StoredObjects.under(repo.resolve("index"))) {
      oldIndexes.put("index/" + name, Files.readAllBytes(repo.resolve("index").resolve(name)));
    }
    assertThat(pouch.run("forget", "--repo", repo.toString(), ids.get(1)).exitCode()).isZero();
    assertThat(pouch.run("prune", "--repo", repo.toString()).exitCode()).isZero();
    Set<String> pruned = new TreeSet<>(packsOf.get(shortId(ids.get(1))));
    pruned.removeIf(p -> Files.exists(repo.resolve(p)));
    assertThat(pruned).isNotEmpty();
    oldIndexes.forEach((name, bytes) -> {
      try {
        Files.write(repo.resolve(name), bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Verified v = verify(repo);
    assertThat(v.result().exitCode()).as(v.result().describe()).isEqualTo(3);
    assertThat(v.problems().keySet()).as(v.result().describe()).containsAll(pruned);
    TALLY.add("corruptions detected by verify (index replayed after prune)");
    assertRepairIndexRestoresEverything(repo.resolve(""), Set.of(shortId(ids.get(1))));
  }

  private void assertRepairIndexRestoresEverything(Path repo, Set<String> gone) throws Exception {
    PouchResult repair = pouch.run("repair", "index", "--repo", repo.toString());
    assertThat(repair.exitCode()).as(repair.describe()).isZero();
    Verified after = verify(repo);
    assertThat(after.result().exitCode()).as(after.result().describe()).isZero();
    for (String id : ids) {
      if (!gone.contains(shortId(id))) {
        Path target = tmp.resolve("after-repair-" + shortId(id));
        PouchResult r = pouch.run("restore", "--repo", repo.toString(), id, "--target", target.toString(), "--raw");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(TreeDigest.of(target).differencesFrom(references.get(id))).isEmpty();
      }
    }
    TALLY.add("index repairs after which verify passed");
  }

  /**
   * Seeded sweep: one bit flipped at a random offset of a random object (config, index, snapshot or pack; 10 flips,
   * 200 under -Plong). Every flip is found: verify exits 3 naming that object, or the config fails to open (exit 3).
   * Key files are left to the tests below: their {@code created} and {@code label} fields are informational and not
   * authenticated (crypto KeyFile), so a flip there goes unnoticed by design.
   */
  @Test
  void everyRandomBitFlipIsFound() throws Exception {
    Random random = new Random(11_006);
    List<String> objects = new ArrayList<>(StoredObjects.under(pristine));
    objects.removeIf(o -> o.startsWith("keys/"));
    int flips = RunLength.pick(10, 200);
    for (int i = 0; i < flips; i++) {
      String object = objects.get(random.nextInt(objects.size()));
      Path repo = tmp.resolve("sweep-" + i);
      SourceFaultIT.copyTree(pristine, repo);
      Path file = repo.resolve(object);
      long offset = (long) (random.nextDouble() * Files.size(file));
      byte[] b = Files.readAllBytes(file);
      b[(int) offset] ^= (byte) (1 << random.nextInt(8));
      Files.write(file, b);
      Verified v = verify(repo);
      assertThat(v.result().exitCode()).as("flip at %d of %s: %s", offset, object, v.result().describe())
          .isEqualTo(3);
      if (object.equals("config")) {
        assertThat(v.result().err()).contains("config");
      } else {
        assertThat(v.problems()).as("flip at %d of %s: %s", offset, object, v.result().describe())
            .containsKey(object);
      }
      ScratchDirectories.delete(repo);
      TALLY.add("random bit flips found by verify");
    }
  }

  // ---- keys and config: the repository cannot be opened, and says why in one line

  private PouchResult openFails(Path repo, int exitCode, String names) throws Exception {
    PouchResult r = pouch.run("verify", "--repo", repo.toString(), "--read-data");
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(exitCode);
    assertThat(r.err()).as(r.describe()).startsWith("pouch: ").contains(names);
    assertThat(r.showsJavaInternals()).as(r.describe()).isFalse();
    return r;
  }

  private static Path onlyKey(Path repo) {
    Set<String> keys = StoredObjects.under(repo.resolve("keys"));
    assertThat(keys).hasSize(1);
    return repo.resolve("keys").resolve(keys.iterator().next());
  }

  @Test
  void flippedBitInTheOnlyKey() throws Exception {
    Path repo = copy();
    Path key = onlyKey(repo);
    flipBit(key, Files.size(key) / 2);
    openFails(repo, 4, "key file");
    TALLY.add("key/config damage reported when opening (key bit flip)");
  }

  @Test
  void truncatedOnlyKey() throws Exception {
    Path repo = copy();
    Path key = onlyKey(repo);
    truncate(key, 15);
    openFails(repo, 4, "unreadable: keys/");
    TALLY.add("key/config damage reported when opening (key truncated)");
  }

  @Test
  void deletedOnlyKey() throws Exception {
    Path repo = copy();
    Files.delete(onlyKey(repo));
    openFails(repo, 5, "no keys/");
    TALLY.add("key/config damage reported when opening (key deleted)");
  }

  /** A second password's key file damaged: the first still opens everything. */
  @Test
  void damagedSecondKeyLeavesTheFirstWorking() throws Exception {
    Path repo = copy();
    Set<String> before = StoredObjects.under(repo.resolve("keys"));
    PouchResult add = new EmbeddedPouch(Map.of("POUCH_PASSWORD", PASSWORD, "POUCH_NEW_PASSWORD", "second password"))
        .run("key", "add", "--repo", repo.toString(), "--insecure-fast-kdf");
    assertThat(add.exitCode()).as(add.describe()).isZero();
    Set<String> after = new TreeSet<>(StoredObjects.under(repo.resolve("keys")));
    after.removeAll(before);
    flipBit(repo.resolve("keys").resolve(after.iterator().next()), 50);
    assertThat(verify(repo).result().exitCode()).isZero();
    assertRestores(repo, Set.of());
    PouchResult second = EmbeddedPouch.withPassword("second password").run("snapshots", "--repo", repo.toString());
    assertThat(second.exitCode()).as(second.describe()).isEqualTo(4);
  }

  @Test
  void flippedBitInConfig() throws Exception {
    Path repo = copy();
    Path config = repo.resolve("config");
    flipBit(config, Files.size(config) / 2);
    openFails(repo, 3, "config");
    TALLY.add("key/config damage reported when opening (config bit flip)");
  }

  @Test
  void truncatedConfig() throws Exception {
    Path repo = copy();
    truncate(repo.resolve("config"), 8);
    openFails(repo, 3, "config");
    TALLY.add("key/config damage reported when opening (config truncated)");
  }

  @Test
  void deletedConfig() throws Exception {
    Path repo = copy();
    Files.delete(repo.resolve("config"));
    openFails(repo, 5, "no config");
    TALLY.add("key/config damage reported when opening (config deleted)");
  }

  /** Another repository's config (sealed under another master key) in place of this one's. */
  @Test
  void configOfAnotherRepository() throws Exception {
    Path repo = copy();
    Path other = tmp.resolve("other");
    assertThat(pouch.run("init", "--repo", other.toString(), "--insecure-fast-kdf").exitCode()).isZero();
    Files.copy(other.resolve("config"), repo.resolve("config"), StandardCopyOption.REPLACE_EXISTING);
    openFails(repo, 3, "config");
    TALLY.add("key/config damage reported when opening (config replaced)");
  }
}
