package dev.pouch.storage.metering;

import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.memory.MemoryStorageBackend;

/** Metering must not change behaviour: the whole contract holds through it. */
class MeteredStorageBackendContractTest extends StorageBackendContract {

  @Override
  protected StorageBackend newBackend() {
    return MeteredStorageBackend.of(MemoryStorageBackend.create(), new StorageMeter(), System::nanoTime);
  }
}
