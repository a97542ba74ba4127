package dev.pouch.it.storage;

import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.s3.S3BackendConfig;
import dev.pouch.storage.s3.S3StorageBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage contract on {@link S3StorageBackend} against S3Proxy, with multipart from S3's smallest part on. */
@ExtendWith(TestServers.class)
class S3StorageBackendIT extends StorageBackendContract {

  private static final long PART_BYTES = S3BackendConfig.MIN_PART_SIZE_BYTES;
  private static String bucket;

  private final S3ProxyServer server;

  S3StorageBackendIT(S3ProxyServer server) {
    this.server = server;
  }

  @Override
  protected StorageBackend newBackend() {
    return S3StorageBackend.create(server.configFor(bucket())
        .partSizeBytes(PART_BYTES)
        .multipartThresholdBytes(PART_BYTES)
        .listPageSize(50)
        .build());
  }

  @Override
  protected long multipartThresholdBytes() {
    return PART_BYTES;
  }

  @Override
  protected int listPageTestKeyCount() {
    return 130; // pages of 50 (listPageSize above)
  }

  /**
   * S3Proxy quirk: it stores key {@code a/b/c} under a directory {@code a/b}, so it cannot hold a key {@code a/b}
   * beside it (412 on the conditional create, 500 in the other order), which S3 itself allows. Reported as skipped
   * here; {@code LocalStackContractIT} runs it where Docker exists.
   */
  @Override
  @Test
  public void listIncludesKeyThatIsAlsoAPrefixOfOtherKeys() {
    Assumptions.abort("S3Proxy cannot store a key that is also a prefix of other keys");
  }

  private synchronized String bucket() {
    if (bucket == null) {
      bucket = server.createBucket();
    }
    return bucket;
  }
}
