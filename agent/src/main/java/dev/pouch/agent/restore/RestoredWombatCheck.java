package dev.pouch.agent.restore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pouch.crypto.IntegrityException;
import dev.pouch.wombat.state.RestoreCheckOptions;
import dev.pouch.wombat.state.RestoreCheckReport;
import dev.pouch.wombat.state.RestoreProblem;
import dev.pouch.wombat.state.SegmentReplay;
import dev.pouch.wombat.state.Severity;
import dev.pouch.wombat.state.WombatRestoreCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a restored Wombat directory by meaning: MANIFEST ends on a newline, every SSTable validates, every WAL
 * replays to its end with every value pointer resolving, and the semantic digest of the replayed state equals the
 * digest recorded when the snapshot was taken.
 */
public final class RestoredWombatCheck {

  private RestoredWombatCheck() {}

  /** What the check found: counts, the digest, and warnings that do not fail it. */
  public record Result(int sstables, int wals, int vlogs, long walRecords, String digest, boolean digestCompared,
      List<String> warnings) {

    /** This result with notes prepended to its warnings. */
    public Result withNotes(List<String> notes) {
      List<String> all = new ArrayList<>(notes);
      all.addAll(warnings);
      return new Result(sstables, wals, vlogs, walRecords, digest, digestCompared, List.copyOf(all));
    }
  }

  /**
   * Checks {@code dir} against the capture {@code proof} of its snapshot.
   *
   * @throws IntegrityException naming every error, or the digest mismatch
   */
  public static Result check(Path dir, JsonNode proof) throws IOException {
    JsonNode skipped = proof == null ? null : proof.path("digest").path("skipped");
    if (skipped != null && skipped.isTextual()) {
      // The replay holds the live state in memory; the backup declined it for this size, so the restore does too.
      return new Result(0, 0, 0, 0, "(not computed)", false, List.of("verification by meaning skipped, as at "
          + "backup: " + skipped.asText() + "; every chunk was still authenticated"));
    }
    long walBytes = 0;
    for (JsonNode cut : proof == null ? List.<JsonNode>of() : toList(proof.path("walCuts"))) {
      walBytes += cut.asLong();
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (walBytes > SegmentReplay.affordableWalBytes(heap)) {
      return new Result(0, 0, 0, 0, "(not computed)", false, List.of("verification by meaning skipped: replaying "
          + walBytes + " bytes of WAL needs more than this JVM's " + (heap >> 20) + " MiB heap (raise -Xmx, e.g. "
          + "POUCH_JAVA_OPTS=-Xmx" + Math.max(1, walBytes * 3 >> 30) + "g); every chunk was still authenticated"));
    }
    // Restored WALs hold exactly the captured records (WombatLayout renumbered them and removed padding), so they
    // must end at their validated end and none may be number 1.
    RestoreCheckOptions options = RestoreCheckOptions.forRestoredDirectory();
    RestoreCheckReport report = WombatRestoreCheck.check(dir, dir, options);
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (RestoreProblem p : report.problems()) {
      String line = dir.relativize(p.file().toAbsolutePath().normalize()) + ": " + p.message();
      (p.severity() == Severity.ERROR ? errors : warnings).add(line);
    }
    if (!report.closureFailures().isEmpty()) {
      warnings.add(report.closureFailures().size() + " MANIFEST entries name tables that are not present "
          + "(normal for Wombat, whose MANIFEST names table_<id>.sst files it never writes)");
    }
    String digest = report.digest().hex();
    JsonNode recorded = proof == null ? null : proof.path("digest").path("sha256");
    boolean compared = recorded != null && recorded.isTextual();
    if (compared && !recorded.asText().equals(digest)) {
      errors.add("semantic digest of the restored state " + digest.substring(0, 16) + "... differs from the digest "
          + "recorded at backup " + recorded.asText().substring(0, Math.min(16, recorded.asText().length())) + "...");
    }
    if (!errors.isEmpty()) {
      throw new IntegrityException("restored Wombat directory fails verification: " + String.join("; ", errors));
    }
    return new Result(report.sstCount(), report.walCount(), report.vlogCount(), report.walRecords(), digest, compared,
        warnings);
  }

  private static List<JsonNode> toList(JsonNode object) {
    List<JsonNode> values = new ArrayList<>();
    object.elements().forEachRemaining(values::add);
    return values;
  }
}
