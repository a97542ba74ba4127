package dev.pouch.storage.fault;

import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.memory.MemoryStorageBackend;

/** Without rules the decorator must be invisible: the whole contract holds through it. */
class FaultInjectingStorageBackendContractTest extends StorageBackendContract {

  @Override
  protected StorageBackend newBackend() {
    return FaultInjectingStorageBackend.recording(MemoryStorageBackend.create());
  }
}
