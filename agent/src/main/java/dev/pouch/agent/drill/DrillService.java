package dev.pouch.agent.drill;

import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.agent.verify.Problem;
import dev.pouch.agent.verify.VerifyReport;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.crypto.IntegrityException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one drill: pick a snapshot, optionally check the repository first, restore into a fresh scratch directory,
 * run the checks, measure RTO and RPO, delete the scratch directory. Failures of the data (a check, an
 * authentication error) and failures to complete (no snapshot, disk full) both end in a failed {@link DrillRecord};
 * only problems reaching the repository at all (wrong password, storage down before the drill starts) throw.
 * Recording the result in the history is the caller's step ({@link DrillHistory#append}).
 */
public final class DrillService {

  private final Repository repository;
  private final Function<Repository, List<RestoredDataCheck>> checks;

  /**
   * @param checks the checks to run on the restored data, given the repository (a {@link RestoredFilesCheck}
   *     always runs first)
   */
  public DrillService(Repository repository, Function<Repository, List<RestoredDataCheck>> checks) {
    this.repository = repository;
    this.checks = checks;
  }

  public DrillService(Repository repository) {
    this(repository, r -> List.of());
  }

  public DrillRecord run(DrillRequest request, Progress progress) throws IOException {
    if (request.pointInTime() != null) {
      return new PointInTimeDrill(repository).run(request, progress);
    }
    Instant started = repository.clock().instant();
    String id = new DrillHistory(repository).newId(started);
    SnapshotStore.Listing listing = new SnapshotStore(repository).list();
    if (listing.snapshots().isEmpty()) {
      return new DrillRecord(DrillRecord.VERSION, id, started, repository.clock().instant(), null, null, null, null,
          0, 0, 0, 0, null, false, List.of(), "the repository has no snapshots: nothing to recover", null, null);
    }
    Snapshot newest = listing.snapshots().get(listing.snapshots().size() - 1).snapshot();
    Double rpo = Math.max(0, Duration.between(newest.time(), started).toMillis()) / 1000.0;
    SnapshotStore.Stored chosen = choose(listing.snapshots(), request.snapshot());
    Snapshot snap = chosen.snapshot();
    List<CheckOutcome> outcomes = new ArrayList<>();

    if (request.verifyBefore()) {
      CheckOutcome metadata = checkMetadata(repository, request.threads());
      outcomes.add(metadata);
      if (!metadata.passed()) {
        return record(id, started, chosen, rpo, 0, 0, 0, outcomes, "the repository check before restoring failed");
      }
    }

    Path scratch = request.scratchParent().resolve("pouch-drill-" + id);
    Files.createDirectories(request.scratchParent());
    Instant restoreStart = repository.clock().instant();
    double restoreSeconds;
    String failure = null;
    int files = 0;
    long bytes = 0;
    try {
      RestoreService.RestoreResult result = new RestoreService(repository).restore(
          new RestoreRequest(chosen.id().hex(), scratch, false, request.threads(), request.verifyAfter()), progress);
      restoreSeconds = result.duration().toMillis() / 1000.0;
      files = result.files();
      bytes = result.bytes();
      outcomes.add(CheckOutcome.passed("restore", List.of(files + " files, " + bytes + " bytes, every chunk "
          + "authenticated")));
      if (result.wombat() != null) {
        List<String> notes = new ArrayList<>(List.of(result.wombat().sstables() + " SSTables, "
            + result.wombat().wals() + " WALs (" + result.wombat().walRecords() + " records), " + result.wombat().vlogs()
            + " value logs", result.wombat().digestCompared() ? "semantic digest matches the one recorded at backup"
            : "no digest recorded at backup to compare"));
        notes.addAll(result.wombat().warnings());
        outcomes.add(CheckOutcome.passed("wombat", notes));
      }
      if (request.verifyAfter()) {
        List<RestoredDataCheck> all = new ArrayList<>();
        all.add(new RestoredFilesCheck(new dev.pouch.agent.index.IndexStore(repository).loadAll().index(),
            repository.contentIdKey()));
        all.addAll(checks.apply(repository));
        for (RestoredDataCheck check : all) {
          outcomes.add(check.check(snap, scratch));
        }
      }
    } catch (IntegrityException e) {
      restoreSeconds = Duration.between(restoreStart, repository.clock().instant()).toMillis() / 1000.0;
      outcomes.add(CheckOutcome.failed("restore", List.of(e.getMessage())));
    } catch (IOException e) {
      restoreSeconds = Duration.between(restoreStart, repository.clock().instant()).toMillis() / 1000.0;
      failure = "restore failed: " + e.getMessage();
    }
    double rto = Duration.between(restoreStart, repository.clock().instant()).toMillis() / 1000.0;
    String scratchLeft = null;
    if (request.keepScratch()) {
      scratchLeft = scratch.toString();
    } else {
      try {
        deleteTree(scratch);
      } catch (IOException e) {
        scratchLeft = scratch + " (removing it failed: " + e.getMessage() + ")";
      }
    }
    return record(id, started, chosen, rpo, files, bytes, restoreSeconds, outcomes, failure, rto, scratchLeft);
  }

  /** The repository's metadata check before a restore (seed verify_before_restore). */
  static CheckOutcome checkMetadata(Repository repository, int threads) throws IOException {
    VerifyReport report = new VerifyService(repository).verify(false, threads, Progress.NONE);
    return report.ok() ? CheckOutcome.passed("repository", List.of(report.snapshots() + " snapshots, "
        + report.packs() + " packs, " + report.indexes() + " indexes consistent"))
        : CheckOutcome.failed("repository", report.problems().stream().map(DrillService::describe).toList());
  }

  private DrillRecord record(String id, Instant started, SnapshotStore.Stored chosen, Double rpo, int files,
      long bytes, double restoreSeconds, List<CheckOutcome> outcomes, String failure) {
    return record(id, started, chosen, rpo, files, bytes, restoreSeconds, outcomes, failure, 0, null);
  }

  private DrillRecord record(String id, Instant started, SnapshotStore.Stored chosen, Double rpo, int files,
      long bytes, double restoreSeconds, List<CheckOutcome> outcomes, String failure, double rto,
      String scratchLeft) {
    boolean passed = failure == null && outcomes.stream().allMatch(CheckOutcome::passed);
    Snapshot s = chosen.snapshot();
    return new DrillRecord(DrillRecord.VERSION, id, started, repository.clock().instant(), chosen.id().hex(), s.time(),
        s.host(), s.source(), files, bytes, restoreSeconds, rto, rpo, passed, outcomes, failure, scratchLeft, null);
  }

  private SnapshotStore.Stored choose(List<SnapshotStore.Stored> all, String reference) throws IOException {
    if (reference.equals("random")) {
      return all.get(repository.random().nextInt(all.size()));
    }
    return new SnapshotStore(repository).resolve(reference);
  }

  private static String describe(Problem p) {
    return p.object() + " " + p.description();
  }

  /** Removes the scratch tree (restored modes may be read-only, so directories are made writable first). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        dir.toFile().setWritable(true, true);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
