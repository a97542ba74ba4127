package dev.pouch.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MemoryStorageBackendTest extends StorageBackendContract {

  @Override
  protected StorageBackend newBackend() {
    return MemoryStorageBackend.create();
  }

  @Test
  void storedBytesAreACopyOfTheCallersArray() throws Exception {
    MemoryStorageBackend memory = MemoryStorageBackend.create();
    byte[] bytes = {1, 2, 3};
    memory.put(BlobKey.of("k"), BlobContent.of(bytes), PutMode.CREATE_OR_REPLACE);

    bytes[0] = 9;

    assertThat(memory.open(BlobKey.of("k")).readAllBytes()).containsExactly(1, 2, 3);
  }

  @Test
  void blobsAreStampedWithTheInjectedClock() throws Exception {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    MemoryStorageBackend memory = MemoryStorageBackend.create(Clock.fixed(now, ZoneOffset.UTC), "stamped");
    memory.put(BlobKey.of("k"), BlobContent.of(new byte[1]), PutMode.CREATE_OR_REPLACE);

    assertThat(memory.stat(BlobKey.of("k")).orElseThrow().lastModified()).isEqualTo(now);
    assertThat(memory.describe()).isEqualTo("memory:stamped");
  }

  @Test
  void keysAndTotalBytesReflectContents() throws Exception {
    MemoryStorageBackend memory = MemoryStorageBackend.create();
    memory.put(BlobKey.of("b"), BlobContent.of(new byte[3]), PutMode.CREATE_OR_REPLACE);
    memory.put(BlobKey.of("a"), BlobContent.of(new byte[4]), PutMode.CREATE_OR_REPLACE);

    assertThat(memory.keys()).containsExactly(BlobKey.of("a"), BlobKey.of("b"));
    assertThat(memory.totalBytes()).isEqualTo(7);
  }
}
