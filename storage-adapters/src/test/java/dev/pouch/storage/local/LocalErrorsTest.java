package dev.pouch.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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
  void storageExceptionsPassThrough() {
    StorageException exists = new StorageException.AlreadyExists("put", KEY, "/srv/backup", null);
    assertThat(translate(exists)).isSameAs(exists);
  }
}
