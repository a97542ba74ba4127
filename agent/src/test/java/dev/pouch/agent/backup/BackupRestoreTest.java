package dev.pouch.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.agent.TestRepositories;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.restore.RestoreRequest;
import dev.pouch.agent.restore.RestoreService;
import dev.pouch.agent.snapshot.BackupSummary;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class BackupRestoreTest {

  @TempDir Path tmp;

  /** Path -> description (type, mode, mtime, size, SHA-256 or link target) of every entry below root. */
  public static Map<String, String> describe(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> !p.equals(root)).toList()) {
        String rel = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          out.put(rel, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
              + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        } else {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          try (var in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
              sha.update(buf, 0, n);
            }
          }
          out.put(rel, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
              + Files.getLastModifiedTime(p) + " " + Files.size(p) + " " + HexFormat.of().formatHex(sha.digest()));
        }
      }
    }
    return out;
  }

  public static void writeRandom(Path file, long bytes, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += buf.length) {
        int n = (int) Math.min(buf.length, bytes - done);
        for (int i = 0; i < n; i += 8) {
          long v = r.nextLong();
          for (int j = 0; j < 8 && i + j < n; j++) {
            buf[i + j] = (byte) (v >>> (8 * j));
          }
        }
        out.write(buf, 0, n);
      }
    }
  }

  private Path tree() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(src.resolve("deep/er/still/deeper"));
    Files.writeString(src.resolve("deep/er/still/deeper/leaf.txt"), "leaf");
    Files.createFile(src.resolve("empty"));
    Files.writeString(src.resolve("ünïcødé 名前 🐨.txt"), "unicode name");
    Files.writeString(src.resolve("MANIFEST"), "{\"type\":\"add_table\"}\n".repeat(1000));
    writeRandom(src.resolve("big.vlog"), 110L * 1024 * 1024 + 12345, 1);
    Files.createSymbolicLink(src.resolve("link-to-leaf"), Path.of("deep/er/still/deeper/leaf.txt"));
    Files.createSymbolicLink(src.resolve("dangling"), Path.of("/nowhere/at/all"));
    Path ro = src.resolve("read-only.sst");
    Files.writeString(ro, "immutable");
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r--r-----"));
    Path exe = src.resolve("run.sh");
    Files.writeString(exe, "#!/bin/sh\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(src.resolve("MANIFEST"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
    Files.setPosixFilePermissions(src.resolve("deep/er"), PosixFilePermissions.fromString("rwx------"));
    return src;
  }

  @Test
  void treeRoundTripsByteForByteWithModesAndTimes() throws Exception {
    Path src = tree();
    try (LocalStorageBackend backend = LocalStorageBackend.of(LocalBackendConfig.of(
        Files.createDirectories(tmp.resolve("repo"))))) {
      Repository repo = TestRepositories.init(backend);
      TestRepositories.backup(repo, src);
      Path out = tmp.resolve("out");
      new RestoreService(TestRepositories.open(backend)).restore(RestoreRequest.of("latest", out), Progress.NONE);
      assertThat(describe(out)).isEqualTo(describe(src));
    }
  }

  @Test
  void secondBackupOfUnchangedTreeReadsAndStoresNothing() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 8; i++) {
      writeRandom(src.resolve(i + ".sst"), 3 * 1024 * 1024, i);
    }
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    BackupSummary first = TestRepositories.backup(repo, src).snapshot().summary();
    BackupSummary second = TestRepositories.backup(repo, src).snapshot().summary();
    assertThat(first.bytesRead()).isEqualTo(24L * 1024 * 1024);
    assertThat(second.bytesRead()).isZero();
    assertThat(second.bytesStored()).isZero();
    assertThat(second.filesUnchanged()).isEqualTo(8);
  }

  @Test
  void changedFileDeduplicatesItsUnchangedChunks() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path vlog = src.resolve("vlog_1.dat");
    writeRandom(vlog, 20L * 1024 * 1024, 7);
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    TestRepositories.backup(repo, src);
    try (OutputStream out = Files.newOutputStream(vlog, java.nio.file.StandardOpenOption.APPEND)) {
      out.write(new byte[1000]);
    }
    BackupSummary second = TestRepositories.backup(repo, src).snapshot().summary();
    assertThat(second.bytesRead()).isEqualTo(20L * 1024 * 1024 + 1000);
    assertThat(second.bytesAdded()).isLessThan(10L * 1024 * 1024);
  }

  @Test
  void forceRehashReadsUnchangedFiles() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a"), "a".repeat(10_000));
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    TestRepositories.backup(repo, src);
    BackupSummary second = new BackupService(repo, new dev.pouch.agent.lock.LockService(repo, "h", 1))
        .run(new BackupRequest(src, dev.pouch.agent.source.ExcludeRules.none(), java.util.List.of(), "test-host",
            java.util.Optional.empty(), true, 2, java.util.Optional.empty()), Progress.NONE).snapshot().summary();
    assertThat(second.bytesRead()).isEqualTo(10_000);
    assertThat(second.bytesAdded()).isZero();
  }

  @Test
  void maxBackupSizeRefusesBeforeWritingAnything() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a"), "x".repeat(5000));
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    long before = backend.list("").count();
    BackupRequest request = new BackupRequest(src, dev.pouch.agent.source.ExcludeRules.none(), java.util.List.of(),
        "h", java.util.Optional.empty(), false, 1, java.util.Optional.of(4000L));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BackupService(repo,
        new dev.pouch.agent.lock.LockService(repo, "h", 1)).run(request, Progress.NONE))
        .isInstanceOf(BackupTooLargeException.class).hasMessageContaining("max_backup_size");
    assertThat(backend.list("").count()).isEqualTo(before);
  }

  @Test
  void excludedFilesAreLeftOut() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("keep.sst"), "k");
    Files.writeString(src.resolve("tmp_1.tmp"), "t");
    MemoryStorageBackend backend = MemoryStorageBackend.create();
    Repository repo = TestRepositories.init(backend);
    var result = new BackupService(repo, new dev.pouch.agent.lock.LockService(repo, "h", 1))
        .run(new BackupRequest(src, new dev.pouch.agent.source.ExcludeRules(java.util.List.of("*.tmp")),
            java.util.List.of(), "h", java.util.Optional.empty(), false, 1, java.util.Optional.empty()),
            Progress.NONE);
    assertThat(result.snapshot().files()).extracting(f -> f.path()).containsExactly("keep.sst");
  }
}
