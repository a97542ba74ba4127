package dev.pouch.agent.verify;

import java.util.List;

/**
 * The outcome of {@code verify}. {@code unreferencedPacks} are leftovers of interrupted backups that {@code prune}
 * removes; they are not problems.
 */
public record VerifyReport(int snapshots, int indexes, int packs, int packsRead, long chunksChecked,
    int unreferencedPacks, List<Problem> problems) {

  public boolean ok() {
    return problems.isEmpty();
  }
}
