package dev.pouch.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snapshots a repository must keep and what each restores to. A snapshot gets its reference tree from its
 * first restore, which must first match the source directory it was taken from ({@link CaptureComparison}); every
 * later restore must equal that reference byte for byte. {@link #checkRepository} is the check after each crash.
 *
 * <p>Byte comparisons use {@code restore --raw}: the files exactly as captured. A default restore of a Wombat
 * snapshot also prepares the directory for Wombat to open (renumbered WAL segments, padding removed) and checks it
 * by meaning; {@link #establish} runs one of those too, which must exit 0.
 */
public final class ReferenceTrees {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, TreeDigest> references = new LinkedHashMap<>();
  private final Map<String, Path> sources = new HashMap<>();
  private final ScratchDirectories scratch;

  public ReferenceTrees(ScratchDirectories scratch) {
    this.scratch = scratch;
  }

  /** Declares a source directory; snapshots recording its path are compared with it. It must not change. */
  public void source(Path dir) {
    sources.put(dir.toAbsolutePath().normalize().toString(), dir);
  }

  /** Ids of the snapshots with a reference tree, oldest first. */
  public Set<String> ids() {
    return Set.copyOf(references.keySet());
  }

  public int size() {
    return references.size();
  }

  /** The snapshot is gone on purpose (forget). */
  public void forget(String id) {
    references.remove(id);
  }

  /**
   * Restores a new snapshot of {@code source}, checks it against the source and keeps its tree as the reference.
   */
  public TreeDigest establish(Pouch pouch, String repo, String id, Path source) throws Exception {
    source(source);
    Path target = scratch.next("reference");
    PouchResult r = pouch.run("restore", "--repo", repo, id, "--target", target.toString(), "--raw");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(CaptureComparison.differences(source, target)).as("restore of %s vs its source %s", id, source)
        .isEmpty();
    TreeDigest digest = TreeDigest.of(target);
    references.put(id, digest);
    ScratchDirectories.delete(target);
    Path prepared = scratch.next("prepared");
    PouchResult checked = pouch.run("restore", "--repo", repo, id, "--target", prepared.toString());
    assertThat(checked.exitCode()).as(checked.describe()).isZero();
    ScratchDirectories.delete(prepared);
    return digest;
  }

  /** Takes the reference of a snapshot already checked elsewhere (for example, the same id in another repository). */
  public void adopt(String id, TreeDigest digest) {
    references.put(id, digest);
  }

  public TreeDigest reference(String id) {
    return references.get(id);
  }

  /** What {@link #checkRepository} saw. */
  public record Checked(int snapshots, int restored, List<String> adopted) {}

  /**
   * The repository is sound: {@code verify --read-data} exits 0; every snapshot with a reference is listed and
   * restores to exactly its reference; every other listed snapshot (one a killed command finished writing before
   * it died) restores to what its source holds, and becomes a reference.
   */
  public Checked checkRepository(Pouch pouch, String repo) throws Exception {
    PouchResult verify = pouch.run("verify", "--repo", repo, "--read-data");
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    PouchResult listing = pouch.run("snapshots", "--repo", repo, "--json");
    assertThat(listing.exitCode()).as(listing.describe()).isZero();
    Map<String, String> listed = new LinkedHashMap<>();
    for (JsonNode row : JSON.readTree(listing.out())) {
      listed.put(row.get("id").asText(), row.get("source").asText());
    }
    assertThat(listed.keySet()).as("snapshots listed in %s", repo).containsAll(references.keySet());
    List<String> adopted = new ArrayList<>();
    int restored = 0;
    for (Map.Entry<String, String> s : listed.entrySet()) {
      TreeDigest expected = references.get(s.getKey());
      if (expected == null) {
        Path source = sources.get(s.getValue());
        assertThat(source).as("snapshot %s of unknown source %s", s.getKey(), s.getValue()).isNotNull();
        establish(pouch, repo, s.getKey(), source);
        adopted.add(s.getKey());
      } else {
        Path target = scratch.next("check");
        PouchResult r = pouch.run("restore", "--repo", repo, s.getKey(), "--target", target.toString(), "--raw");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        TreeDigest got = TreeDigest.of(target);
        assertThat(got.differencesFrom(expected)).as("restore of %s vs its reference", s.getKey()).isEmpty();
        ScratchDirectories.delete(target);
      }
      restored++;
    }
    return new Checked(listed.size(), restored, adopted);
  }

  /** The snapshot id a {@code backup --json} printed. */
  public static String snapshotId(PouchResult backup) throws IOException {
    assertThat(backup.exitCode()).as(backup.describe()).isZero();
    return JSON.readTree(backup.out()).get("snapshot").asText();
  }
}
