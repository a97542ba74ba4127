package dev.pouch.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.backup.Progress;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.snapshot.EntryType;
import dev.pouch.agent.snapshot.FileEntry;
import dev.pouch.agent.snapshot.Snapshot;
import dev.pouch.agent.repository.SnapshotId;
import dev.pouch.agent.snapshot.SnapshotStore;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots crafted by someone holding the key must still never write outside the restore target. */
class HostileSnapshotTest {

  @TempDir Path tmp;
  private Repository repo;
  private FileEntry realFile;

  @BeforeEach
  void setUp() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("payload"), "attacker data");
    repo = TestRepositories.init(MemoryStorageBackend.create());
    realFile = TestRepositories.backup(repo, src).snapshot().files().get(0);
  }

  private SnapshotId snapshotOf(FileEntry... entries) throws Exception {
    return new SnapshotStore(repo).write(new Snapshot(Snapshot.VERSION, Instant.now(), "h", "/src", null, List.of(),
        List.of(entries), null, null));
  }

  private FileEntry file(String path) {
    return new FileEntry(path, EntryType.FILE, 0644, realFile.mtime(), realFile.size(), realFile.chunks(), null,
        null, null);
  }

  private long filesOutside(Path target) throws Exception {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(p -> !p.startsWith(target) && !p.startsWith(tmp.resolve("src")) && Files.isRegularFile(p))
          .count();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/evil", "../evil", "a/../../evil", "a/./b", "", "a//b", "x/..", "nul\0byte"})
  void badPathsAreRefusedBeforeAnythingIsWritten(String path) throws Exception {
    SnapshotId id = snapshotOf(file("innocent"), file(path));
    Path target = tmp.resolve("target");
    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id.hex(), target), Progress.NONE))
        .isInstanceOf(UnsafeSnapshotException.class);
    assertThat(target).doesNotExist();
    assertThat(filesOutside(target)).isZero();
  }

  @Test
  void entryBelowASymlinkIsRefused() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    SnapshotId id = snapshotOf(
        new FileEntry("link", EntryType.SYMLINK, 0777, Instant.now(), 0, List.of(), outside.toString(), null, null),
        file("link/evil"));
    Path target = tmp.resolve("target");
    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id.hex(), target), Progress.NONE))
        .isInstanceOf(UnsafeSnapshotException.class);
    assertThat(outside.resolve("evil")).doesNotExist();
  }

  @Test
  void forcedRestoreDoesNotFollowASymlinkPlantedInTheTarget() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path target = Files.createDirectories(tmp.resolve("target"));
    Files.createSymbolicLink(target.resolve("dir"), outside);
    SnapshotId id = snapshotOf(file("dir/evil"));
    assertThatThrownBy(() -> new RestoreService(repo).restore(
        new RestoreRequest(id.hex(), target, true, 1), Progress.NONE)).isInstanceOf(UnsafeSnapshotException.class);
    assertThat(outside.resolve("evil")).doesNotExist();
  }

  @Test
  void duplicatePathsAreRefused() throws Exception {
    SnapshotId id = snapshotOf(file("a"), file("a"));
    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id.hex(), tmp.resolve("t")),
        Progress.NONE)).isInstanceOf(UnsafeSnapshotException.class);
  }

  @Test
  void sizeThatDisagreesWithChunksIsRefused() throws Exception {
    FileEntry giant = new FileEntry("giant", EntryType.FILE, 0644, Instant.now(), 1L << 50, realFile.chunks(), null,
        null, null);
    SnapshotId id = snapshotOf(giant);
    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id.hex(), tmp.resolve("t")),
        Progress.NONE)).isInstanceOf(dev.pouch.crypto.IntegrityException.class).hasMessageContaining("claims");
  }

  @Test
  void deepNestingIsRefused() throws Exception {
    SnapshotId id = snapshotOf(file("d/".repeat(300) + "f"));
    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id.hex(), tmp.resolve("t")),
        Progress.NONE)).isInstanceOf(UnsafeSnapshotException.class);
  }

  @Test
  void nonEmptyTargetNeedsForce() throws Exception {
    Path target = Files.createDirectories(tmp.resolve("t"));
    Files.writeString(target.resolve("existing"), "keep me");
    SnapshotId id = snapshotOf(file("a"));
    assertThatThrownBy(() -> new RestoreService(repo).restore(RestoreRequest.of(id.hex(), target), Progress.NONE))
        .isInstanceOf(TargetNotEmptyException.class);
    assertThat(target.resolve("existing")).hasContent("keep me");
  }

  @Test
  void modesAndTimesAreNeverAppliedThroughASymbolicLink() throws Exception {
    // On a case-insensitive filesystem a crafted snapshot's symlink "D" can replace its empty directory "d" before the
    // directories' metadata is applied: that must not reach the link's target.
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.setPosixFilePermissions(outside, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(outside);
    Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("target")).resolve("d"), outside);
    FileEntry dir = new FileEntry("d", EntryType.DIRECTORY, 0777, Instant.EPOCH, 0, List.of(), null, null, null);

    assertThatThrownBy(() -> RestoreService.applyMetadata(link, dir)).isInstanceOf(UnsafeSnapshotException.class)
        .hasMessageContaining("'d' was replaced by a symbolic link");

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
        .isEqualTo("rwxr-xr-x");
    assertThat(Files.getLastModifiedTime(outside)).isEqualTo(before);
  }
}
