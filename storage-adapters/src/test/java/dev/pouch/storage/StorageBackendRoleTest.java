package dev.pouch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.fault.FaultInjectingStorageBackend;
import dev.pouch.storage.memory.MemoryStorageBackend;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import dev.pouch.storage.ratelimit.BandwidthLimits;
import dev.pouch.storage.ratelimit.RateLimitedStorageBackend;
import dev.pouch.storage.retry.RetryPolicy;
import dev.pouch.storage.retry.RetryingStorageBackend;
import dev.pouch.storage.s3.S3BackendConfig;
import dev.pouch.storage.s3.S3StorageBackend;
import java.net.URI;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Optional roles are found through every decorator. */
class StorageBackendRoleTest {

  private static StorageBackend decorate(StorageBackend adapter) {
    StorageBackend faulty = FaultInjectingStorageBackend.recording(adapter);
    StorageBackend retrying = RetryingStorageBackend.of(faulty, RetryPolicy.none(), k -> false,
        new SplittableRandom(1), Sleeper.system());
    StorageBackend limited = RateLimitedStorageBackend.of(retrying, BandwidthLimits.of(1 << 20, 0), System::nanoTime,
        Sleeper.system());
    return MeteredStorageBackend.of(limited, new StorageMeter(), System::nanoTime);
  }

  @Test
  void theS3AdapterUnderEveryDecoratorPlaysItsRoles() {
    try (S3StorageBackend s3 = S3StorageBackend.create(S3BackendConfig.builder("bucket")
        .endpoint(URI.create("http://127.0.0.1:9")).credentials(S3BackendConfig.S3Credentials.of("a", "b"))
        .build())) {
      StorageBackend decorated = decorate(s3);

      assertThat(decorated.role(StaleUploads.class)).containsSame(s3);
      assertThat(decorated.role(RetainedObjects.class)).containsSame(s3);
    }
  }

  @Test
  void aBackendWithoutTheRoleHasNone() {
    StorageBackend decorated = decorate(MemoryStorageBackend.create());

    assertThat(decorated.role(StaleUploads.class)).isEmpty();
    assertThat(decorated.role(RetainedObjects.class)).isEmpty();
  }
}
