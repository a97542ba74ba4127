package dev.pouch.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ByteRange;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.fault.Fault;
import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.fault.When;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageBackendTest extends StorageBackendContract {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir
  Path temp;

  @Override
  protected StorageBackend newBackend() throws Exception {
    return LocalStorageBackend.of(LocalBackendConfig.of(Files.createDirectories(temp.resolve("repo"))));
  }

  /**
   * Filesystem quirk: one name cannot be both a file and a directory, so {@code a/b} and {@code a/b/c} cannot coexist.
   * The backend refuses the second put (whichever order) instead of corrupting either.
   */
  @Override
  @Test
  public void listIncludesKeyThatIsAlsoAPrefixOfOtherKeys() throws Exception {
    backend().put(key("a/b/c"), BlobContent.of(new byte[1]), PutMode.CREATE_IF_ABSENT);
    backend().put(key("x/y"), BlobContent.of(new byte[1]), PutMode.CREATE_IF_ABSENT);

    assertThatThrownBy(() -> backend().put(key("a/b"), BlobContent.of(new byte[1]), PutMode.CREATE_IF_ABSENT))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("keys exist below");
    assertThatThrownBy(() -> backend().put(key("a/b"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class);
    assertThatThrownBy(() -> backend().put(key("x/y/z"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("is a blob");
    assertThat(listedKeys(prefix())).containsExactly(prefix() + "a/b/c", prefix() + "x/y");
    assertThat(temporaries(temp)).isEmpty();
  }

  @Test
  void keyMapsToPathBelowRoot() throws Exception {
    Path root = Files.createDirectories(temp.resolve("mapped"));
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));

    local.put(BlobKey.of("data/3f/3f9a"), BlobContent.of("hello".getBytes(StandardCharsets.UTF_8)),
        PutMode.CREATE_IF_ABSENT);

    assertThat(root.resolve("data/3f/3f9a")).hasContent("hello");
    assertThat(local.describe()).isEqualTo(root.toString());
  }

  @Test
  void missingRootFailsEveryOperationWithContainerMissing() {
    Path missing = temp.resolve("not-mounted");
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(missing));
    BlobKey key = BlobKey.of("a/b");
    List<ThrowingConsumer<LocalStorageBackend>> operations = List.of(
        b -> b.put(key, BlobContent.of(new byte[3]), PutMode.CREATE_OR_REPLACE),
        b -> b.put(key, BlobContent.of(new byte[3]), PutMode.CREATE_IF_ABSENT),
        b -> b.put(BlobKey.of("top"), BlobContent.of(new byte[3]), PutMode.CREATE_IF_ABSENT),
        b -> b.open(key).close(),
        b -> b.open(key, ByteRange.of(1, 1)).close(),
        b -> b.stat(key),
        b -> b.list("").close(),
        b -> b.list("a/").close(),
        b -> b.delete(key),
        b -> b.cleanStaleTemporaries(Duration.ofHours(1)));

    for (ThrowingConsumer<LocalStorageBackend> operation : operations) {
      assertThatThrownBy(() -> operation.accept(local))
          .isInstanceOf(StorageException.ContainerMissing.class)
          .hasMessageContaining("directory " + missing + " does not exist");
    }
    assertThat(missing).doesNotExist();
  }

  @Test
  void rootThatIsAFileIsContainerMissing() throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "x");
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(file));

    assertThatThrownBy(() -> local.stat(BlobKey.of("k")))
        .isInstanceOf(StorageException.ContainerMissing.class).hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> local.put(BlobKey.of("k"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.ContainerMissing.class);
  }

  @Test
  void failedWriteLeavesNoTemporary() throws Exception {
    LocalStorageBackend local = localBackend();
    BlobContent failing = new BlobContent() {
      @Override
      public long length() {
        return 1_000_000;
      }

      @Override
      public InputStream open(long offset, long length) {
        return new InputStream() {
          private int served;

          @Override
          public int read() throws IOException {
            if (served++ >= 300_000) {
              throw new IOException("source disk failed");
            }
            return 7;
          }
        };
      }
    };

    assertThatThrownBy(() -> local.put(BlobKey.of("d/blob"), failing, PutMode.CREATE_IF_ABSENT))
        .isInstanceOfSatisfying(StorageException.Transient.class,
            e -> assertThat(e).hasMessageContaining("reading the content failed"));

    assertThat(temporaries(temp)).isEmpty();
    assertThat(local.stat(BlobKey.of("d/blob"))).isEmpty();
  }

  @Test
  void injectedFailureMidWriteLeavesNoTemporaryAndKeepsThePreviousBlob() throws Exception {
    LocalStorageBackend local = localBackend();
    BlobKey key = BlobKey.of("index/current");
    local.put(key, BlobContent.of(new byte[] {1, 2, 3}), PutMode.CREATE_OR_REPLACE);
    FaultInjectingStorageBackend faulty = FaultInjectingStorageBackend.builder(local)
        .inject(When.every(StorageOperation.PUT), new Fault.FailUploadAfter(200_000)).build();

    for (PutMode mode : PutMode.values()) {
      assertThatThrownBy(() -> faulty.put(key, BlobContent.of(new byte[500_000]), mode))
          .isInstanceOf(StorageException.Transient.class);
      assertThatThrownBy(() -> faulty.put(BlobKey.of("index/new"), BlobContent.of(new byte[500_000]), mode))
          .isInstanceOf(StorageException.Transient.class);
    }

    assertThat(temporaries(temp)).isEmpty();
    assertThat(local.open(key).readAllBytes()).containsExactly(1, 2, 3);
    assertThat(listedKeys(local, "")).containsExactly("index/current");
    assertThat(faulty.calls(StorageOperation.PUT)).hasSize(4).allMatch(c -> c.injected() && !c.succeeded());
  }

  @Test
  void contentShorterThanDeclaredIsRejectedAndLeavesNothing() throws Exception {
    LocalStorageBackend local = localBackend();
    BlobContent lying = new BlobContent() {
      @Override
      public long length() {
        return 100;
      }

      @Override
      public InputStream open(long offset, long length) {
        return InputStream.nullInputStream();
      }
    };

    assertThatThrownBy(() -> local.put(BlobKey.of("short"), lying, PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("ended after 0 of 100 bytes");
    assertThat(temporaries(temp)).isEmpty();
    assertThat(local.stat(BlobKey.of("short"))).isEmpty();
  }

  @Test
  void temporariesAndForeignNamesAreNotListed() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
    local.put(BlobKey.of("data/real"), BlobContent.of(new byte[2]), PutMode.CREATE_OR_REPLACE);
    Files.writeString(root.resolve("data/.tmp-0123456789abcdef"), "partial");
    Files.writeString(root.resolve("data/.nfs000000000012345600000001"), "held open elsewhere");
    Files.createDirectories(root.resolve("lost+found"));
    Files.writeString(root.resolve("lost+found/x"), "fsck");
    Files.writeString(root.resolve("has space"), "foreign");

    assertThat(listedKeys(local, "")).containsExactly("data/real");
  }

  @Test
  void reservedKeysAreRejectedAndNeverTouchTemporaries() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
    Path inFlight = Files.writeString(Files.createDirectories(root.resolve("data")).resolve(".tmp-feed"), "x");
    BlobKey reserved = BlobKey.of("data/.tmp-feed");

    assertThatThrownBy(() -> local.put(reserved, BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> local.put(BlobKey.of(".nfs1/x"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE))
        .isInstanceOf(StorageException.Rejected.class);
    assertThat(local.stat(reserved)).isEmpty();
    assertThatThrownBy(() -> local.open(reserved)).isInstanceOf(StorageException.NotFound.class);
    local.delete(reserved);
    assertThat(inFlight).exists();
  }

  @Test
  void hostilePrefixesListNothing() throws Exception {
    Path root = Files.createDirectories(temp.resolve("inner/repo"));
    Files.writeString(temp.resolve("inner/outside"), "must stay invisible");
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
    local.put(BlobKey.of("a/b"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE);

    for (String prefix : List.of("/", "../", "../outside", "a/../", "a//", "./a", "a/./", "/etc/")) {
      assertThat(listedKeys(local, prefix)).as(prefix).isEmpty();
    }
    assertThat(listedKeys(local, "..")).isEmpty();
  }

  @Test
  void blobKeyMakesPathEscapesImpossible() {
    for (String hostile : List.of("../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/.", "a\\b", "a b", "",
        "c:/x", "a/")) {
      assertThat(BlobKey.isValid(hostile)).as(hostile).isFalse();
      assertThatThrownBy(() -> BlobKey.of(hostile)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void directoryLeftByDeleteCanBecomeABlob() throws Exception {
    LocalStorageBackend local = localBackend();
    local.put(BlobKey.of("x/y"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE);
    local.put(BlobKey.of("z/y"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE);
    local.delete(BlobKey.of("x/y"));
    local.delete(BlobKey.of("z/y"));

    local.put(BlobKey.of("x"), BlobContent.of(new byte[] {1, 2}), PutMode.CREATE_IF_ABSENT);
    local.put(BlobKey.of("z"), BlobContent.of(new byte[] {3}), PutMode.CREATE_OR_REPLACE);

    assertThat(local.open(BlobKey.of("x")).readAllBytes()).containsExactly(1, 2);
    assertThat(local.open(BlobKey.of("z")).readAllBytes()).containsExactly(3);
    assertThat(listedKeys(local, "")).containsExactly("x", "z");
  }

  @Test
  void openStreamKeepsReadingTheBlobItOpenedAfterReplaceOrDelete() throws Exception {
    LocalStorageBackend local = localBackend();
    BlobKey key = BlobKey.of("k");
    local.put(key, BlobContent.of(new byte[] {1, 1, 1, 1}), PutMode.CREATE_OR_REPLACE);

    try (InputStream in = local.open(key)) {
      assertThat(in.read()).isEqualTo(1);
      local.put(key, BlobContent.of(new byte[] {2, 2}), PutMode.CREATE_OR_REPLACE);
      local.delete(key);
      assertThat(in.readAllBytes()).containsExactly(1, 1, 1);
    }
  }

  @Test
  void cleanStaleTemporariesRemovesOnlyOldTemporaries() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    LocalStorageBackend local =
        LocalStorageBackend.of(LocalBackendConfig.of(root), Clock.fixed(NOW, ZoneOffset.UTC));
    local.put(BlobKey.of("data/old-blob"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE);
    Files.setLastModifiedTime(root.resolve("data/old-blob"), FileTime.from(NOW.minus(Duration.ofDays(9))));
    Path stale = Files.writeString(root.resolve("data/.tmp-stale"), "x");
    Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofMinutes(61))));
    Path staleAtRoot = Files.writeString(root.resolve(".tmp-root"), "x");
    Files.setLastModifiedTime(staleAtRoot, FileTime.from(NOW.minus(Duration.ofDays(2))));
    Path fresh = Files.writeString(root.resolve("data/.tmp-fresh"), "x");
    Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(59))));

    int removed = local.cleanStaleTemporaries(Duration.ofHours(1));

    assertThat(removed).isEqualTo(2);
    assertThat(stale).doesNotExist();
    assertThat(staleAtRoot).doesNotExist();
    assertThat(fresh).exists();
    assertThat(root.resolve("data/old-blob")).exists();
  }

  @Test
  void worksWithoutFsync() throws Exception {
    Path root = Files.createDirectories(temp.resolve("nosync"));
    LocalStorageBackend local = LocalStorageBackend.of(new LocalBackendConfig(root, false));

    local.put(BlobKey.of("a/b"), BlobContent.of(new byte[] {5}), PutMode.CREATE_IF_ABSENT);
    local.delete(BlobKey.of("a/b"));
    local.put(BlobKey.of("a/b"), BlobContent.of(new byte[] {6}), PutMode.CREATE_IF_ABSENT);

    assertThat(local.open(BlobKey.of("a/b")).readAllBytes()).containsExactly(6);
  }

  @Test
  void configMakesRootAbsolute() {
    LocalBackendConfig config = LocalBackendConfig.of(Path.of("relative/./dir"));

    assertThat(config.root().isAbsolute()).isTrue();
    assertThat(config.root().endsWith(Path.of("relative/dir"))).as("%s", config.root()).isTrue();
    assertThat(config.fsync()).isTrue();
  }

  private LocalStorageBackend localBackend() throws IOException {
    return LocalStorageBackend.of(LocalBackendConfig.of(Files.createDirectories(temp.resolve("repo"))));
  }

  private static List<String> listedKeys(StorageBackend backend, String prefix) throws IOException {
    try (Stream<dev.pouch.storage.BlobInfo> stream = backend.list(prefix)) {
      return stream.map(i -> i.key().value()).toList();
    }
  }

  static List<Path> temporaries(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
    }
  }
}
