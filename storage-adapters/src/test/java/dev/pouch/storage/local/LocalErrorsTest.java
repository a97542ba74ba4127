package dev.pouch.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalErrorsTest {

  private static final BlobKey KEY = BlobKey.of("data/k");

  private static StorageException translate(IOException e) {
    return LocalErrors.translate("put", KEY, "/srv/backup", e);
  }

  @Test
  void permissionProblemsAreAccessDenied() {
    assertThat(translate(new AccessDeniedException("/srv/backup/data/k")))
        .isInstanceOf(StorageException.AccessDenied.class);
    assertThat(translate(new FileSystemException("/srv/backup/data/k", null, "Read-only file system")))
        .isInstanceOf(StorageException.AccessDenied.class).hasMessageContaining("read-only");
  }

  @Test
  void fullDiskIsRejectedWithAHint() {
    StorageException full = translate(new FileSystemException("/srv/backup/data/k", null, "No space left on device"));
    assertThat(full).isInstanceOf(StorageException.Rejected.class).hasMessageContaining("free space or prune");
    assertThat(full.isRetryable()).isFalse();
    // FileChannel.write reports ENOSPC as a plain IOException
    assertThat(translate(new IOException("No space left on device"))).isInstanceOf(StorageException.Rejected.class);
    assertThat(translate(new IOException("Disk quota exceeded"))).isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void overlongNameIsRejected() {
    assertThat(translate(new FileSystemException("/srv/x", null, "File name too long")))
        .isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void missingPathIsNotFound() {
    assertThat(translate(new NoSuchFileException("/srv/backup/data/k"))).isInstanceOf(StorageException.NotFound.class);
    assertThat(translate(new FileSystemException("/srv/backup/data/k", null, "Not a directory")))
        .isInstanceOf(StorageException.NotFound.class);
  }

  @Test
  void otherIoErrorsAreTransientAndNameTheOperationKeyAndBackend() {
    StorageException stale = translate(new FileSystemException("/srv/backup/data/k", null, "Stale file handle"));

    assertThat(stale).isInstanceOf(StorageException.Transient.class)
        .hasMessage("put failed for data/k on /srv/backup: I/O error: Stale file handle");
    assertThat(stale.isRetryable()).isTrue();
    assertThat(translate(new IOException("Input/output error"))).isInstanceOf(StorageException.Transient.class);
  }

  @Test
  void permanentErrnoReasonsAreRejectedNotRetried() {
    // glibc and musl spellings of EPERM, EOPNOTSUPP, ENOSYS, EXDEV, EINVAL, EMLINK, EFBIG
    for (String reason : List.of("Operation not permitted", "Operation not supported", "Not supported",
        "Function not implemented", "Invalid cross-device link", "Cross-device link", "Invalid argument",
        "Too many links", "File too large")) {
      StorageException e = translate(new FileSystemException("/srv/backup/data/k", null, reason));

      assertThat(e).as(reason).isInstanceOf(StorageException.Rejected.class)
          .hasMessage("put failed for data/k on /srv/backup: the filesystem refused: " + reason);
      assertThat(e.isRetryable()).as(reason).isFalse();
    }
    // musl's EDQUOT and ENAMETOOLONG
    assertThat(translate(new FileSystemException("/srv/x", null, "Quota exceeded")))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("raise the quota");
    assertThat(translate(new FileSystemException("/srv/x", null, "Filename too long")))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("file name too long");
  }

  @Test
  void conditionsThatCanPassStayRetryable() {
    for (String reason : List.of("Input/output error", "I/O error", "Resource temporarily unavailable",
        "Interrupted system call", "Stale file handle", "Connection timed out", "Too many open files",
        "Device or resource busy")) {
      assertThat(translate(new FileSystemException("/srv/backup/data/k", null, reason)).isRetryable())
          .as(reason).isTrue();
    }
  }

  @Test
  void linkRefusedByTheFilesystemMeansNoHardLinks() {
    // link(2) on vfat and exFAT fails with EPERM; some FUSE and CIFS mounts answer EOPNOTSUPP or ENOSYS
    for (String reason : List.of("Operation not permitted", "Operation not supported", "Not supported",
        "Function not implemented")) {
      assertThat(LocalErrors.isNoHardLinks(new FileSystemException("/srv/backup/data/k", "/srv/backup/data/.tmp-1",
          reason))).as(reason).isTrue();
    }
    assertThat(LocalErrors.isNoHardLinks(new FileSystemException("/srv/x", null, "No space left on device")))
        .isFalse();
    assertThat(LocalErrors.isNoHardLinks(new AccessDeniedException("/srv/x"))).isFalse();
  }

  @Test
  void symbolicLinksAreRejectedWithTheirPath() {
    StorageException planted = translate(LocalErrors.symbolicLink(Path.of("/srv/backup/data")));
    // what open(2) with O_NOFOLLOW reports for a link (glibc text plus the JDK's addition, and musl's)
    StorageException followed = translate(new FileSystemException("/srv/backup/data/k", null,
        "Too many levels of symbolic links or unable to access attributes of symbolic link"));
    StorageException musl = translate(new FileSystemException("/srv/backup/data/k", null, "Symbolic link loop"));

    assertThat(planted).isInstanceOf(StorageException.Rejected.class)
        .hasMessageStartingWith("put failed for data/k on /srv/backup: /srv/backup/data is a symbolic link");
    assertThat(followed).isInstanceOf(StorageException.Rejected.class)
        .hasMessageContaining("/srv/backup/data/k is a symbolic link");
    assertThat(musl).isInstanceOf(StorageException.Rejected.class);
  }

  @Test
  void storageExceptionsPassThrough() {
    StorageException exists = new StorageException.AlreadyExists("put", KEY, "/srv/backup", null);
    assertThat(translate(exists)).isSameAs(exists);
  }
}
