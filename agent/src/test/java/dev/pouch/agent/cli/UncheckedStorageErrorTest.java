package dev.pouch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.StorageException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * A storage listing that fails while paging reaches the CLI as an {@link UncheckedIOException} (streams cannot throw
 * checked exceptions). The user must see the storage error itself: its exit code, its one-line message, its hint.
 */
class UncheckedStorageErrorTest {

  private static UncheckedIOException wrapped(StorageException e) {
    return new UncheckedIOException(e);
  }

  @Test
  void theMessageIsTheStorageErrorsWithoutJavaTypeNames() {
    StorageException cause = new StorageException.Transient("list", null, "s3://bucket/repo", "connection reset",
        null);
    String line = Main.message(wrapped(cause));
    assertThat(line).isEqualTo(Main.message(cause)).doesNotContain("Exception").doesNotContain("$");
  }

  @Test
  void theExitCodeAndHintAreTheStorageErrors() {
    StorageException missing = new StorageException.ContainerMissing("list", null, "s3://bucket/repo",
        "no such bucket", null);
    assertThat(ExitCodes.of(wrapped(missing))).isEqualTo(ExitCodes.REPOSITORY_UNAVAILABLE);
    assertThat(ExitCodes.hint(wrapped(missing))).isEqualTo(ExitCodes.hint(missing)).isNotNull();
  }
}
