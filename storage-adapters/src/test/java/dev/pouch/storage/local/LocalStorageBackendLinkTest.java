package dev.pouch.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository never holds symbolic links of its own, so one found below the root was planted or made by hand: every
 * operation refuses it (Rejected, not retried) rather than reading, writing or walking outside the root. The root
 * itself may be reached through links.
 */
class LocalStorageBackendLinkTest {

  private static final byte[] SECRET = "outside the repository".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;

  @Test
  void linkedBlobIsNeitherOpenedNorStatted() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    Path outside = Files.write(temp.resolve("secret"), SECRET);
    Files.createSymbolicLink(Files.createDirectories(root.resolve("data/ab")).resolve("k"), outside);
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
    BlobKey key = BlobKey.of("data/ab/k");

    assertRefusedAsLink(() -> local.open(key).close(), root.resolve("data/ab/k"));
    assertRefusedAsLink(() -> local.stat(key), root.resolve("data/ab/k"));
    assertRefusedAsLink(() -> local.put(key, BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE),
        root.resolve("data/ab/k"));
    assertRefusedAsLink(() -> local.delete(key), root.resolve("data/ab/k"));
    assertThat(Files.isSymbolicLink(root.resolve("data/ab/k"))).isTrue();
    assertThat(outside).hasBinaryContent(SECRET);
  }

  @Test
  void linkedDirectoryIsNeitherReadNorWrittenThrough() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.write(Files.createDirectories(elsewhere.resolve("ab")).resolve("k"), SECRET);
    Files.createSymbolicLink(root.resolve("data"), elsewhere);
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
    BlobKey key = BlobKey.of("data/ab/k");
    Path link = root.resolve("data");

    assertRefusedAsLink(() -> local.open(key).close(), link);
    assertRefusedAsLink(() -> local.stat(key), link);
    assertRefusedAsLink(() -> local.delete(key), link);
    assertRefusedAsLink(() -> local.put(BlobKey.of("data/ab/new"), BlobContent.of(new byte[1]),
        PutMode.CREATE_IF_ABSENT), link);
    assertRefusedAsLink(() -> local.put(BlobKey.of("data/cd/new"), BlobContent.of(new byte[1]),
        PutMode.CREATE_OR_REPLACE), link);
    assertRefusedAsLink(() -> local.list("data/").close(), link);
    assertRefusedAsLink(() -> local.list("data/ab/").close(), link);
    assertRefusedAsLink(() -> listedKeys(local, ""), link);
    try (Stream<Path> files = Files.walk(elsewhere)) {
      assertThat(files.filter(Files::isRegularFile)).containsExactly(elsewhere.resolve("ab/k"));
    }
    assertThat(elsewhere.resolve("ab/k")).hasBinaryContent(SECRET);
  }

  @Test
  void linkLoopIsReportedOnceInsteadOfListedUntilTheKernelGivesUp() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
    local.put(BlobKey.of("data/blob"), BlobContent.of(new byte[1]), PutMode.CREATE_IF_ABSENT);
    Files.createSymbolicLink(root.resolve("data/loop"), Path.of("."));

    // once: data/blob, data/loop/blob, data/loop/loop/blob, ... and then ELOOP as a retryable error
    assertRefusedAsLink(() -> listedKeys(local, ""), root.resolve("data/loop"));
    assertRefusedAsLink(() -> listedKeys(local, "data/"), root.resolve("data/loop"));
    assertThat(listedKeys(local, "data/b")).containsExactly("data/blob");
  }

  @Test
  void rootReachedThroughLinksWorks() throws Exception {
    Path disk = Files.createDirectories(temp.resolve("disk/repo"));
    Path mount = Files.createSymbolicLink(temp.resolve("mnt"), temp.resolve("disk"));
    Path repo = Files.createSymbolicLink(temp.resolve("repo"), disk);
    for (Path root : List.of(repo, mount.resolve("repo"))) {
      LocalStorageBackend local = LocalStorageBackend.of(LocalBackendConfig.of(root));
      BlobKey key = BlobKey.of("data/ab/" + root.getFileName());

      local.put(key, BlobContent.of(new byte[] {1, 2}), PutMode.CREATE_IF_ABSENT);
      local.put(BlobKey.of("index/0"), BlobContent.of(new byte[] {3}), PutMode.CREATE_OR_REPLACE);
      local.put(BlobKey.of("top"), BlobContent.of(new byte[] {4}), PutMode.CREATE_OR_REPLACE);

      try (var in = local.open(key)) {
        assertThat(in.readAllBytes()).containsExactly(1, 2);
      }
      assertThat(local.stat(key)).map(BlobInfo::sizeBytes).contains(2L);
      assertThat(listedKeys(local, "data/")).contains(key.value());
      assertThat(listedKeys(local, "")).contains(key.value(), "index/0", "top");
      local.delete(key);
      assertThat(local.stat(key)).isEmpty();
      assertThat(local.cleanStaleTemporaries(Duration.ZERO)).isZero();
    }
    assertThat(disk.resolve("index/0")).hasBinaryContent(new byte[] {3});
  }

  private static void assertRefusedAsLink(ThrowingCallable operation, Path link) {
    assertThatThrownBy(operation)
        .satisfies(t -> {
          Throwable e = t instanceof UncheckedIOException u ? u.getCause() : t;
          assertThat(e).isInstanceOf(StorageException.Rejected.class)
              .hasMessageContaining(link + " is a symbolic link");
          assertThat(((StorageException) e).isRetryable()).isFalse();
        });
  }

  private static List<String> listedKeys(LocalStorageBackend backend, String prefix) throws IOException {
    try (Stream<BlobInfo> stream = backend.list(prefix)) {
      return stream.map(i -> i.key().value()).toList();
    }
  }
}
