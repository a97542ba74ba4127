package dev.pouch.it.storage;

import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.gcs.GcsBackendConfig;
import dev.pouch.storage.gcs.GcsStorageBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage contract on {@link GcsStorageBackend} against the fake GCS server, resumable from 1 MiB on. */
@ExtendWith(TestServers.class)
class GcsStorageBackendIT extends StorageBackendContract {

  private static final long THRESHOLD_BYTES = 1024 * 1024;
  private static String bucket;

  private final FakeGcsServer server;

  GcsStorageBackendIT(FakeGcsServer server) {
    this.server = server;
  }

  @Override
  protected StorageBackend newBackend() throws Exception {
    return GcsStorageBackend.create(server.configFor(bucket())
        .chunkSizeBytes(GcsBackendConfig.CHUNK_GRANULARITY_BYTES)
        .resumableThresholdBytes(THRESHOLD_BYTES)
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

  private synchronized String bucket() {
    if (bucket == null) {
      bucket = server.createBucket();
    }
    return bucket;
  }
}
