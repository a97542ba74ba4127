package dev.pouch.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.BackupRestoreTest;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyServiceTest {

  @TempDir Path tmp;
  private final MemoryStorageBackend backend = MemoryStorageBackend.create();
  private Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    BackupRestoreTest.writeRandom(src.resolve("a.sst"), 3_000_000, 1);
    Files.writeString(src.resolve("MANIFEST"), "manifest\n");
    repo = TestRepositories.init(backend);
    TestRepositories.backup(repo, src);
  }

  private BlobKey first(String prefix) throws Exception {
    try (var s = backend.list(prefix)) {
      return s.map(BlobInfo::key).findFirst().orElseThrow();
    }
  }

  private VerifyReport verify(boolean readData) throws Exception {
    return new VerifyService(TestRepositories.open(backend)).verify(readData, 2, Progress.NONE);
  }

  @Test
  void healthyRepositoryHasNoProblems() throws Exception {
    VerifyReport report = verify(true);
    assertThat(report.problems()).isEmpty();
    assertThat(report.chunksChecked()).isGreaterThan(0);
  }

  @Test
  void aPackHeaderLongerThanTheTailTheStreamKeepsIsReadAgain() throws Exception {
    Path tiny = Files.createDirectories(tmp.resolve("tiny"));
    for (int i = 0; i < 7000; i++) { // one 10-byte chunk each: a header of ~290 KB beside ~270 KB of chunks
      Files.writeString(tiny.resolve("f" + i), String.format("%010d", i));
    }
    TestRepositories.backup(TestRepositories.open(backend), tiny);
    VerifyReport report = verify(true);
    assertThat(report.problems()).isEmpty();
    assertThat(report.chunksChecked()).isGreaterThan(7000);
  }

  @Test
  void missingPackIsReportedWithTheSnapshotItAffects() throws Exception {
    BlobKey pack = first(RepositoryLayout.DATA);
    backend.delete(pack);
    List<Problem> problems = verify(false).problems();
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.object()).isEqualTo(pack.value());
      assertThat(p.description()).contains("missing");
      assertThat(p.affectedSnapshots()).hasSize(1);
    });
  }

  @Test
  void flippedByteInAPackIsFoundByReadData() throws Exception {
    BlobKey pack = first(RepositoryLayout.DATA);
    byte[] bytes = backend.open(pack).readAllBytes();
    bytes[bytes.length / 2] ^= 0x10;
    backend.put(pack, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    assertThat(verify(false).problems()).isEmpty();
    assertThat(verify(true).problems()).singleElement().satisfies(p -> assertThat(p.object()).isEqualTo(pack.value()));
  }

  @Test
  void corruptedSnapshotAndIndexAreReported() throws Exception {
    BlobKey snapshot = first(RepositoryLayout.SNAPSHOTS);
    BlobKey index = first(RepositoryLayout.INDEX);
    for (BlobKey key : List.of(snapshot, index)) {
      byte[] bytes = backend.open(key).readAllBytes();
      bytes[bytes.length - 1] ^= 1;
      backend.put(key, BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);
    }
    assertThat(verify(false).problems()).extracting(Problem::object)
        .contains(snapshot.value(), index.value());
  }

  @Test
  void snapshotSwappedUnderAnotherNameIsRejected() throws Exception {
    BlobKey snapshot = first(RepositoryLayout.SNAPSHOTS);
    byte[] bytes = backend.open(snapshot).readAllBytes();
    BlobKey forged = BlobKey.of(RepositoryLayout.SNAPSHOTS + "0".repeat(64));
    backend.put(forged, BlobContent.of(bytes), PutMode.CREATE_IF_ABSENT);
    assertThat(verify(false).problems()).extracting(Problem::object).containsExactly(forged.value());
  }
}
