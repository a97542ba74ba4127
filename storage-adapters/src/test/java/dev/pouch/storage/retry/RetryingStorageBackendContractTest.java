package dev.pouch.storage.retry;

import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.memory.MemoryStorageBackend;
import java.util.SplittableRandom;

/** Over a healthy backend the retry layer must be invisible: the whole contract holds through it. */
class RetryingStorageBackendContractTest extends StorageBackendContract {

  @Override
  protected StorageBackend newBackend() {
    return RetryingStorageBackend.of(MemoryStorageBackend.create(), RetryPolicy.defaults(), key -> false,
        new SplittableRandom(1), duration -> { });
  }
}
