package dev.pouch.agent.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading back the capture proof a Wombat snapshot records (written by {@link WombatCapture#confirm}). */
public final class CaptureProof {

  private CaptureProof() {}

  /** One WAL segment's cut as recorded: file, identity and the captured length. */
  public record WalCut(String path, long inode, long bytes) {}

  /** When the capture was confirmed: every byte the snapshot holds had been written by then. */
  public static Instant capturedAt(JsonNode proof) {
    return Instant.parse(proof.get("capturedAt").asText());
  }

  /** When the capture was planned (informational; older proofs fall back to the capture time). */
  public static Instant plannedAt(JsonNode proof) {
    JsonNode p = proof.get("plannedAt");
    return p != null && p.isTextual() ? Instant.parse(p.asText()) : capturedAt(proof);
  }

  public static List<WalCut> walCuts(JsonNode proof) {
    List<WalCut> cuts = new ArrayList<>();
    for (JsonNode f : proof.path("files")) {
      if (f.path("kind").asText().equals("WAL")) {
        cuts.add(new WalCut(f.get("path").asText(), f.path("inode").asLong(-1), f.get("bytes").asLong()));
      }
    }
    return cuts;
  }

  /** The semantic digest recorded at backup time, if it was computed. */
  public static Optional<String> digest(JsonNode proof) {
    JsonNode d = proof.path("digest").path("sha256");
    return d.isTextual() ? Optional.of(d.asText()) : Optional.empty();
  }
}
