package dev.pouch.agent.drill;

import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.pitr.PitrIndex;
import dev.pouch.agent.pitr.PitrRestoreService;
import dev.pouch.agent.pitr.TimeSpec;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoredWombatCheck;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.crypto.IntegrityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A drill of point-in-time recovery: recover the database to a time (given, or random inside the recoverable
 * windows) into scratch, from the newest base snapshot at or before it plus the shipped WAL, the way {@code pouch
 * restore --at} does. RPO is the age of the newest recoverable point ({@link PitrIndex#coverage}); RTO is the time
 * from the start of the restore until every check finished. Checks: the repository's metadata first (when asked),
 * the restore itself (every chunk authenticated), the restored directory by meaning (MANIFEST, SSTables, WAL replay),
 * and WAL continuity: a gap in the shipped pieces before the time means the state at that time cannot be recovered
 * exactly, which fails the drill.
 */
final class PointInTimeDrill {

  private final Repository repository;

  PointInTimeDrill(Repository repository) {
    this.repository = repository;
  }

  DrillRecord run(DrillRequest request, Progress progress) throws IOException {
    Instant started = repository.clock().instant();
    String id = new DrillHistory(repository).newId(started);
    PitrIndex.Coverage coverage = PitrIndex.coverage(repository);
    boolean random = request.pointInTime().equals(DrillRequest.RANDOM_POINT);
    Instant given = random ? null : TimeSpec.parse(request.pointInTime(), started);
    if (coverage.windows().isEmpty()) {
      return failed(id, started, null, random, given, "no point-in-time recovery window: take a Wombat backup and "
          + "ship the WAL (schedule.continuous or 'pouch backup --continuous') first");
    }
    Instant newest = coverage.windows().get(coverage.windows().size() - 1).to();
    Double rpo = Math.max(0, Duration.between(newest, started).toMillis()) / 1000.0;
    Instant target = random ? randomPoint(coverage) : given;
    List<CheckOutcome> outcomes = new ArrayList<>();
    if (request.verifyBefore()) {
      CheckOutcome metadata = DrillService.checkMetadata(repository, request.threads());
      outcomes.add(metadata);
      if (!metadata.passed()) {
        return record(id, started, null, rpo, new PitrPoint(target, random, null, 0, newest, List.of()), outcomes,
            "the repository check before restoring failed", 0, 0, 0, 0, null);
      }
    }

    Path scratch = request.scratchParent().resolve("pouch-drill-" + id);
    Files.createDirectories(request.scratchParent());
    Instant restoreStart = repository.clock().instant();
    PitrRestoreService.PitrResult result = null;
    SnapshotStore.Stored base = null;
    String failure = null;
    try {
      result = new PitrRestoreService(repository).restore(target, scratch, false, request.threads(), progress);
      base = new SnapshotStore(repository).resolve(result.base().hex());
      outcomes.add(CheckOutcome.passed("restore", List.of("base snapshot " + result.base().shortHex() + " captured "
          + result.baseAt() + " + " + result.piecesApplied() + " WAL piece(s), every chunk authenticated")));
      RestoredWombatCheck.Result w = result.check();
      List<String> notes = new ArrayList<>(List.of(w.sstables() + " SSTables, " + w.wals() + " WALs ("
          + w.walRecords() + " records), " + w.vlogs() + " value logs", "semantic digest " + w.digest()));
      notes.addAll(w.warnings());
      outcomes.add(CheckOutcome.passed("wombat", notes));
      // Every note of a point-in-time restore is a gap in some file's pieces before the time.
      outcomes.add(result.notes().isEmpty() ? CheckOutcome.passed("wal", List.of("shipped pieces contiguous up to "
          + target + "; cut at " + result.cuts().size() + " file(s)"))
          : CheckOutcome.failed("wal", result.notes()));
    } catch (IntegrityException e) {
      outcomes.add(CheckOutcome.failed("restore", List.of(e.getMessage())));
    } catch (IllegalArgumentException e) {
      failure = "restore failed: " + e.getMessage(); // no base snapshot at or before the time
    } catch (IOException e) {
      failure = "restore failed: " + e.getMessage();
    }
    double rto = Duration.between(restoreStart, repository.clock().instant()).toMillis() / 1000.0;
    int[] files = {0};
    long[] bytes = {0};
    if (Files.isDirectory(scratch)) {
      try (Stream<Path> walk = Files.walk(scratch)) {
        walk.filter(Files::isRegularFile).forEach(f -> {
          files[0]++;
          bytes[0] += f.toFile().length();
        });
      }
    }
    String scratchLeft = null;
    if (request.keepScratch()) {
      scratchLeft = scratch.toString();
    } else {
      try {
        DrillService.deleteTree(scratch);
      } catch (IOException e) {
        scratchLeft = scratch + " (removing it failed: " + e.getMessage() + ")";
      }
    }
    PitrPoint point = new PitrPoint(target, random, result == null ? null : result.baseAt(),
        result == null ? 0 : result.piecesApplied(), newest, result == null ? List.of()
        : result.cuts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    double restoreSeconds = result == null ? rto : result.duration().toMillis() / 1000.0;
    return record(id, started, base, rpo, point, outcomes, failure, files[0], bytes[0], restoreSeconds, rto,
        scratchLeft);
  }

  /** A time uniformly distributed over the recoverable windows' total length (a window may be a single point). */
  private Instant randomPoint(PitrIndex.Coverage coverage) {
    long total = 0;
    for (PitrIndex.Window w : coverage.windows()) {
      total += Duration.between(w.from(), w.to()).toMillis();
    }
    if (total == 0) {
      return coverage.windows().get(repository.random().nextInt(coverage.windows().size())).to();
    }
    long pick = (long) (repository.random().nextDouble() * total);
    for (PitrIndex.Window w : coverage.windows()) {
      long length = Duration.between(w.from(), w.to()).toMillis();
      if (pick <= length) {
        return w.from().plusMillis(pick);
      }
      pick -= length;
    }
    return coverage.windows().get(coverage.windows().size() - 1).to();
  }

  private DrillRecord failed(String id, Instant started, Double rpo, boolean random, Instant target, String failure) {
    return record(id, started, null, rpo, new PitrPoint(target, random, null, 0, null, List.of()), List.of(), failure,
        0, 0, 0, 0, null);
  }

  private DrillRecord record(String id, Instant started, SnapshotStore.Stored base, Double rpo, PitrPoint point,
      List<CheckOutcome> outcomes, String failure, int files, long bytes, double restoreSeconds, double rto,
      String scratchLeft) {
    boolean passed = failure == null && !outcomes.isEmpty() && outcomes.stream().allMatch(CheckOutcome::passed);
    String snapshot = null;
    Instant snapshotTime = null;
    String host = null;
    String source = null;
    if (base != null) {
      snapshot = base.id().hex();
      snapshotTime = base.snapshot().time();
      host = base.snapshot().host();
      source = base.snapshot().source();
    }
    return new DrillRecord(DrillRecord.VERSION, id, started, repository.clock().instant(), snapshot, snapshotTime,
        host, source, files, bytes, restoreSeconds, rto, rpo, passed, outcomes, failure, scratchLeft, point);
  }
}
