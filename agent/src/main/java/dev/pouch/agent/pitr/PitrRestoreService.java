package dev.pouch.agent.pitr;

import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.chunking.ChunkId;
import dev.pouch.agent.index.ChunkIndex;
import dev.pouch.agent.index.IndexStore;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.restore.ChunkFetcher;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.restore.RestoredWombatCheck;
import dev.pouch.agent.restore.WombatLayout;
import dev.pouch.agent.schedule.Durations;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Restores a Wombat directory as it was at a point in time: the newest base snapshot captured at or before it, then
 * for every WAL segment and value log the shipped pieces polled at or before it, laid over the base bytes at their
 * offsets and cut at the end of the last such piece (always a record boundary). The result is verified by meaning.
 */
public final class PitrRestoreService {

  private final Repository repository;

  public PitrRestoreService(Repository repository) {
    this.repository = repository;
  }

  /**
   * What was restored.
   *
   * @param cuts final length of every WAL segment and value log that pieces extended, by file name
   */
  public record PitrResult(Instant time, SnapshotId base, Instant baseAt, Path target, Map<String, Long> cuts,
      int piecesApplied, List<String> notes, RestoredWombatCheck.Result check, Duration duration) {}

  public PitrResult restore(Instant time, Path target, boolean force, int threads, Progress progress)
      throws IOException {
    Instant started = repository.clock().instant();
    List<PitrIndex.Base> bases = PitrIndex.bases(repository);
    PitrIndex.Base base = PitrIndex.baseFor(bases, time).orElseThrow(() -> new IllegalArgumentException(
        bases.isEmpty() ? "no Wombat snapshot to start a point-in-time restore from; take one with 'pouch backup'"
            : "no base snapshot at or before " + time + "; the earliest recoverable point is " + bases.get(0).at()));
    List<PieceKey> pieces = PitrIndex.listPieces(repository).stream()
        .filter(p -> !p.capturedAt().isAfter(time)).toList();

    RestoreService.RestoreResult restored = new RestoreService(repository).restore(
        new RestoreRequest(base.snapshot().id().hex(), target, force, threads, false, true), progress);
    Path dir = restored.target();

    // The newest file per name wins: a later segment under a reused name replaces an earlier one.
    Map<String, List<PieceKey>> byName = new LinkedHashMap<>();
    Map<String, PieceKey.FileId> newest = new LinkedHashMap<>();
    for (PieceKey p : pieces) {
      newest.put(p.file().name(), p.file());
    }
    for (PieceKey p : pieces) {
      if (p.file().equals(newest.get(p.file().name()))) {
        byName.computeIfAbsent(p.file().name(), k -> new ArrayList<>()).add(p);
      }
    }
    Map<String, FileEntry> baseFiles = new LinkedHashMap<>();
    new SnapshotStore(repository).read(base.snapshot().id()).files().forEach(f -> baseFiles.put(f.path(), f));
    IndexStore.Loaded loaded = new IndexStore(repository).loadAll();
    ChunkIndex index = loaded.index();
    ChunkFetcher fetcher = new ChunkFetcher(repository, index);
    Map<String, Long> cuts = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    // A stretch without points is an idle database or shipping that stopped; the repository cannot tell which, so the
    // restore goes on but says what it rests on.
    Instant newestPoint = pieces.stream().map(PieceKey::capturedAt).filter(t -> t.isAfter(base.at()))
        .max(Comparator.naturalOrder()).orElse(base.at());
    if (Duration.between(newestPoint, time).compareTo(PitrIndex.GAP) > 0) {
      notes.add("the newest recovery point at or before " + time + " is " + newestPoint + ", "
          + Durations.human(Duration.between(newestPoint, time)) + " earlier: this is the state then; anything the "
          + "database wrote after it was not shipped (or it wrote nothing)");
    }
    int applied = 0;
    // Value logs first, as the shipper wrote them: WAL bytes never reach past the values they point to.
    List<String> names = new ArrayList<>(byName.keySet());
    names.sort(Comparator.comparing((String n) -> byName.get(n).get(0).file().kind().equals("wal")));
    for (String name : names) {
      List<PieceKey> chain = new ArrayList<>(byName.get(name));
      chain.sort(Comparator.comparingLong(PieceKey::from).thenComparingLong(PieceKey::to));
      PieceKey.FileId id = chain.get(0).file();
      Path file = dir.resolve(name).normalize();
      if (!file.getParent().equals(dir)) {
        throw new IntegrityException("WAL piece names a file outside the directory: " + name);
      }
      FileEntry inBase = baseFiles.get(name);
      long covered = inBase != null && Objects.equals(inBase.inode(), id.inode()) && id.generation() == 0
          ? inBase.size() : 0;
      if (covered == 0) {
        Files.deleteIfExists(file);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        for (PieceKey k : chain) {
          if (k.to() <= covered) {
            continue;
          }
          if (k.from() > covered) {
            notes.add(name + ": pieces stop at " + covered + " (next starts at " + k.from() + "); restored up to the "
                + "gap");
            break;
          }
          WalPiece piece = PitrIndex.readPiece(repository, k);
          long offset = k.from();
          for (String hex : piece.chunks()) {
            ByteBuffer bytes = ByteBuffer.wrap(fetcher.fetch(ChunkId.parse(hex)));
            while (bytes.hasRemaining()) {
              offset += ch.write(bytes, offset);
            }
          }
          if (offset != k.to()) {
            throw new IntegrityException("WAL piece " + k.id() + " holds " + (offset - k.from()) + " bytes, its name "
                + "says " + (k.to() - k.from()));
          }
          covered = k.to();
          applied++;
        }
        ch.truncate(covered);
      }
      cuts.put(name, covered);
    }
    List<String> layout = WombatLayout.prepare(dir);
    RestoredWombatCheck.Result check = RestoredWombatCheck.check(dir, null).withNotes(layout);
    return new PitrResult(time, base.snapshot().id(), base.at(), dir, cuts, applied, notes, check,
        Duration.between(started, repository.clock().instant()));
  }
}
