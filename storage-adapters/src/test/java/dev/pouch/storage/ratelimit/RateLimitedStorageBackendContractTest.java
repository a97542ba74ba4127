package dev.pouch.storage.ratelimit;

import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.memory.MemoryStorageBackend;

/** Throttling must not change what is stored or read: the whole contract holds through it (on simulated time). */
class RateLimitedStorageBackendContractTest extends StorageBackendContract {

  @Override
  protected StorageBackend newBackend() {
    ManualTime time = new ManualTime();
    return RateLimitedStorageBackend.of(MemoryStorageBackend.create(), BandwidthLimits.of(1_000_000, 2_000_000),
        time::nanoTime, time.sleeper());
  }
}
