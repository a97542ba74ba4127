package dev.pouch.it.storage;

import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.azure.AzureBlobStorageBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage contract on {@link AzureBlobStorageBackend} against Azurite, with staged blocks from 1 MiB on. */
@ExtendWith(TestServers.class)
class AzureBlobStorageBackendIT extends StorageBackendContract {

  private static final long THRESHOLD_BYTES = 1024 * 1024;
  private static String container;

  private final AzuriteServer server;

  AzureBlobStorageBackendIT(AzuriteServer server) {
    this.server = server;
  }

  @Override
  protected StorageBackend newBackend() {
    return AzureBlobStorageBackend.create(server.configFor(container())
        .blockSizeBytes(THRESHOLD_BYTES / 2)
        .singleUploadThresholdBytes(THRESHOLD_BYTES)
        .listPageSize(50)
        .build());
  }

  @Override
  protected long multipartThresholdBytes() {
    return THRESHOLD_BYTES;
  }

  @Override
  protected int listPageTestKeyCount() {
    return 130; // pages of 50 (listPageSize above)
  }

  private synchronized String container() {
    if (container == null) {
      container = server.createContainer();
    }
    return container;
  }
}
