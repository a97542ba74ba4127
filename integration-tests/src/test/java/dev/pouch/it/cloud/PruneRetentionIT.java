package dev.pouch.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.backup.BackupRequest;
import dev.pouch.agent.backup.BackupService;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.maintenance.PruneReport;
import dev.pouch.agent.maintenance.PruneService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.source.PlainCapture;
import dev.pouch.agent.verify.VerifyService;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.it.reliability.CaptureComparison;
import dev.pouch.storage.BlobKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune on storage that keeps objects under retention ({@link RetainingStorage}, a fake: no test server has object
 * lock): it never tries to delete an object whose retention has not ended, never deletes a pack that a retained
 * index object names (the index would point at a missing pack), reports what it left, and removes it in a prune
 * after the retention has ended.
 */
class PruneRetentionIT {

  private static final char[] PASSWORD = "retention test".toCharArray();
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(T0);

  private Repository repository(RetainingStorage storage) throws IOException {
    return Repository.open(storage, PASSWORD, clock, new SecureRandom());
  }

  private RetainingStorage init(Function<BlobKey, Duration> periods) throws IOException {
    RetainingStorage storage = new RetainingStorage(clock, periods);
    Repository.init(storage, PASSWORD, new Repository.InitOptions(Argon2idParams.forTests(), "zstd", 3, 1 << 20,
        "retention"), clock, new SecureRandom());
    return storage;
  }

  private Path source(String name, long seed) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Random random = new Random(seed);
    for (int i = 0; i < 3; i++) {
      byte[] bytes = new byte[1 << 20];
      random.nextBytes(bytes);
      Files.write(dir.resolve("file-" + i), bytes);
    }
    return dir;
  }

  private SnapshotId backup(Repository repo, Path source) throws IOException {
    return new BackupService(repo, locks(repo), new PlainCapture())
        .run(BackupRequest.of(source, "host"), Progress.NONE).id();
  }

  private static LockService locks(Repository repo) {
    return new LockService(repo, "host", ProcessHandle.current().pid());
  }

  private PruneReport prune(Repository repo) throws IOException {
    return new PruneService(repo, locks(repo), 2).run(new PruneService.PruneOptions(false, 0, false,
        new Actor("test", "host", 1), "prune"));
  }

  private static void forget(RetainingStorage storage, SnapshotId id) throws IOException {
    storage.delete(RepositoryLayout.snapshot(id)); // what 'pouch forget' does; a retained snapshot is only hidden
  }

  private static List<String> problems(Repository repo) throws IOException {
    return new VerifyService(repo).verify(true, 2, Progress.NONE).problems().stream()
        .map(p -> p.object() + " " + p.description()).toList();
  }

  @Test
  void retainedPacksStayUntilTheirRetentionEndsAndAreReported() throws Exception {
    // as 'pouch --object-lock 30d' does it: everything but locks and index objects is retained
    RetainingStorage storage = init(key -> key.value().startsWith(RepositoryLayout.LOCKS)
        || key.value().startsWith(RepositoryLayout.INDEX) ? null : Duration.ofDays(30));
    Repository repo = repository(storage);
    SnapshotId old = backup(repo, source("old", 1));
    clock.advance(Duration.ofDays(31));
    SnapshotId young = backup(repo, source("young", 2));
    Path kept = source("kept", 3);
    SnapshotId survivor = backup(repo, kept);
    clock.advance(Duration.ofDays(1));
    forget(storage, old);
    forget(storage, young);
    storage.clearDeletes();

    PruneReport report = prune(repo);

    assertThat(storage.retainedDeletes()).as("deletes tried on retained objects").isEmpty();
    assertThat(storage.deletes()).as("the old snapshot's packs, whose retention ended").isNotEmpty()
        .allMatch(k -> !k.value().startsWith(RepositoryLayout.DATA) || storage.retainedUntil(k).isEmpty());
    assertThat(report.retained()).isNotEmpty().allMatch(r -> r.startsWith(RepositoryLayout.DATA)
        && r.contains("retained until " + T0.plus(Duration.ofDays(61))));
    assertThat(problems(repository(storage))).isEmpty();
    Path restored = tmp.resolve("restored");
    new RestoreService(repo).restore(new RestoreRequest(survivor.hex(), restored, false, 2), Progress.NONE);
    assertThat(CaptureComparison.differences(kept, restored)).isEmpty();

    clock.advance(Duration.ofDays(30));
    storage.clearDeletes();
    PruneReport later = prune(repo);

    assertThat(later.retained()).isEmpty();
    assertThat(later.packsUnindexed()).as("the packs left last time").isEqualTo(report.retained().size());
    assertThat(storage.retainedDeletes()).isEmpty();
    assertThat(problems(repository(storage))).isEmpty();
  }

  @Test
  void aRetainedIndexObjectKeepsThePacksItNames() throws Exception {
    // a bucket whose default retention covers index objects too, longer than the packs' own
    RetainingStorage storage = init(key -> key.value().startsWith(RepositoryLayout.LOCKS) ? null
        : key.value().startsWith(RepositoryLayout.DATA) ? Duration.ofDays(1) : Duration.ofDays(30));
    Repository repo = repository(storage);
    SnapshotId gone = backup(repo, source("gone", 4));
    Path kept = source("kept", 5);
    backup(repo, kept);
    clock.advance(Duration.ofDays(2)); // the packs' retention has ended, the index objects' has not
    forget(storage, gone);
    storage.clearDeletes();

    PruneReport report = prune(repo);

    assertThat(storage.retainedDeletes()).isEmpty();
    assertThat(storage.deletes()).noneMatch(k -> k.value().startsWith(RepositoryLayout.DATA));
    assertThat(report.retained()).anyMatch(r -> r.startsWith(RepositoryLayout.INDEX))
        .anyMatch(r -> r.startsWith(RepositoryLayout.DATA) && r.contains("named by retained index"));
    assertThat(problems(repository(storage))).as("no index names a missing pack").isEmpty();
  }
}
