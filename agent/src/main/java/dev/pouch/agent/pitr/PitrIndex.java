package dev.pouch.agent.pitr;

import dev.pouch.agent.capture.CaptureProof;
import dev.pouch.agent.repository.Json;
import dev.pouch.agent.repository.ObjectKind;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.BlobInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The time index of point-in-time recovery: Wombat snapshots (base points) and shipped pieces, both with wall-clock
 * capture times. Built from one listing of {@code wal/} plus the snapshot list; pieces are read only when a restore
 * needs them.
 */
public final class PitrIndex {

  /** Gaps between recovery points longer than this are reported. */
  public static final Duration GAP = Duration.ofMinutes(5);

  private PitrIndex() {}

  /** Every piece in the repository, oldest capture first. */
  public static List<PieceKey> listPieces(Repository repository) throws IOException {
    List<PieceKey> pieces = new ArrayList<>();
    try (Stream<BlobInfo> list = repository.backend().list(RepositoryLayout.WAL)) {
      list.forEach(info -> PieceKey.parse(info.key()).ifPresent(pieces::add));
    }
    pieces.sort(Comparator.comparing(PieceKey::capturedAt).thenComparing(p -> p.key().value()));
    return pieces;
  }

  public static WalPiece readPiece(Repository repository, PieceKey key) throws IOException {
    byte[] stored = Repository.readSmall(repository.backend(), key.key());
    WalPiece piece = Json.read(repository.objects().open(ObjectKind.WAL_PIECE, key.id(), stored), WalPiece.class,
        "WAL piece " + key.id());
    if (piece.from() != key.from() || piece.to() != key.to() || piece.inode() != key.file().inode()
        || !piece.name().equals(key.file().name()) || piece.generation() != key.file().generation()) {
      throw new dev.pouch.crypto.IntegrityException("WAL piece " + key.id() + " does not match its name");
    }
    return piece;
  }

  /**
   * A base point: a Wombat snapshot and the time its capture was confirmed. Every byte in it was written by then, so
   * it can start a restore to that time or any later one; later records come from pieces.
   */
  public record Base(SnapshotStore.Header snapshot, Instant at) {}

  /** Every base point, oldest first; only headers are kept, so this stays small with thousands of snapshots. */
  public static List<Base> bases(Repository repository) throws IOException {
    List<Base> bases = new ArrayList<>();
    // An unreadable snapshot cannot be a base; verify reports it.
    new SnapshotStore(repository).forEachReadable((id, s) -> {
      if (s.wombat() != null) {
        bases.add(new Base(SnapshotStore.Header.of(id, s), CaptureProof.capturedAt(s.wombat())));
      }
    });
    bases.sort(Comparator.comparing(Base::at));
    return bases;
  }

  /** A span of time any point of which can be restored, at the resolution of the recovery points inside it. */
  public record Window(Instant from, Instant to) {}

  /** A stretch without recovery points, longer than {@link #GAP}. */
  public record Gap(Instant from, Instant to) {}

  /** Recoverable windows and gaps: from the first base point on, split where points are further apart than GAP. */
  public record Coverage(List<Window> windows, List<Gap> gaps, int bases, int pieces) {}

  public static Coverage coverage(Repository repository) throws IOException {
    List<Base> bases = bases(repository);
    List<PieceKey> pieces = listPieces(repository);
    if (bases.isEmpty()) {
      return new Coverage(List.of(), List.of(), 0, pieces.size());
    }
    Instant first = bases.get(0).at();
    TreeSet<Instant> points = new TreeSet<>();
    bases.forEach(b -> points.add(b.at()));
    pieces.stream().map(PieceKey::capturedAt).filter(t -> !t.isBefore(first)).forEach(points::add);
    List<Window> windows = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    Instant start = points.first();
    Instant prev = start;
    for (Instant t : points) {
      if (Duration.between(prev, t).compareTo(GAP) > 0) {
        windows.add(new Window(start, prev));
        gaps.add(new Gap(prev, t));
        start = t;
      }
      prev = t;
    }
    windows.add(new Window(start, prev));
    return new Coverage(windows, gaps, bases.size(), pieces.size());
  }

  /** The newest base point at or before {@code time}. */
  public static Optional<Base> baseFor(List<Base> bases, Instant time) {
    Base best = null;
    for (Base b : bases) {
      if (!b.at().isAfter(time)) {
        best = b;
      }
    }
    return Optional.ofNullable(best);
  }
}
