package dev.pouch.agent.pitr;

import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.concurrent.ParallelReads;
import dev.pouch.agent.repository.Repository;
import dev.pouch.storage.BlobKey;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What retention may take of the WAL pieces. A point-in-time restore to T starts from the newest base snapshot at or
 * before T; a piece polled before the oldest base holds only bytes that base already has (segments only grow), so
 * once snapshots are forgotten, the pieces polled before the oldest remaining base are no longer needed by any point
 * inside the retention window. Every other piece keeps its chunks alive through prune.
 */
public final class PitrRetention {

  private PitrRetention() {}

  /**
   * Pieces no point at or after the oldest of {@code remaining} (the bases left, as {@link PitrIndex#bases} lists
   * them, oldest first) needs; none while no Wombat base exists.
   */
  public static List<BlobKey> expiredPieces(Repository repository, List<PitrIndex.Base> remaining)
      throws IOException {
    Optional<Instant> oldest = remaining.stream().map(PitrIndex.Base::at).findFirst();
    if (oldest.isEmpty()) {
      return List.of();
    }
    return PitrIndex.listPieces(repository).stream().filter(p -> p.capturedAt().isBefore(oldest.get()))
        .map(PieceKey::key).toList();
  }

  /** Chunks referenced by the pieces still in the repository: prune must keep them. */
  public static Set<ChunkId> usedChunks(Repository repository) throws IOException {
    Set<ChunkId> used = new HashSet<>();
    // Thousands of small pieces after days of shipping: read several at a time (each is a request to the store).
    ParallelReads.inOrder(PitrIndex.listPieces(repository), ParallelReads.READ_AHEAD,
        key -> readPiece(repository, key),
        (key, piece) -> piece.get().chunks().forEach(hex -> used.add(ChunkId.parse(hex))));
    return used;
  }

  private static WalPiece readPiece(Repository repository, PieceKey key) throws IOException {
    try {
      return PitrIndex.readPiece(repository, key);
    } catch (dev.pouch.crypto.IntegrityException e) {
      throw new dev.pouch.crypto.IntegrityException("WAL piece " + key.id() + " is unreadable, so the chunks it needs "
          + "are unknown; nothing was deleted (" + e.getMessage() + ")");
    }
  }
}
