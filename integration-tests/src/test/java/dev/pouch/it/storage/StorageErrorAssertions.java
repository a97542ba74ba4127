package dev.pouch.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import java.util.List;

/** Asserts that every operation of a backend fails with one {@link StorageException} leaf and a one-line message. */
final class StorageErrorAssertions {

  private StorageErrorAssertions() {}

  /** An operation of the backend under test. */
  @FunctionalInterface
  interface Operation {
    void run(StorageBackend backend) throws Exception;
  }

  static final List<Operation> EVERY_OPERATION = List.of(
      b -> b.put(BlobKey.of("config"), BlobContent.of(new byte[] {1, 2, 3}), PutMode.CREATE_IF_ABSENT),
      b -> b.stat(BlobKey.of("config")),
      b -> b.open(BlobKey.of("config")).close(),
      b -> b.list("").close());

  /** Every operation throws {@code leaf} whose one-line message contains {@code reason}. */
  static void everyOperationFailsWith(StorageBackend backend, Class<? extends StorageException> leaf,
      String reason) {
    for (int i = 0; i < EVERY_OPERATION.size(); i++) {
      Operation operation = EVERY_OPERATION.get(i);
      assertThatThrownBy(() -> operation.run(backend))
          .as("operation %d (put, stat, open, list)", i)
          .isInstanceOf(leaf)
          .hasMessageContaining(reason)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
              .startsWith(((StorageException) e).operation() + " failed ")
              .contains(" on " + ((StorageException) e).backend() + ": "));
    }
  }
}
