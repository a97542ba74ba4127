package dev.pouch.it.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.it.reliability.PouchResult;
import dev.pouch.it.servers.AzuriteServer;
import dev.pouch.it.servers.FakeGcsServer;
import dev.pouch.it.servers.S3ProxyServer;
import dev.pouch.it.servers.TestServers;
import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ObjectLock;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.azure.AzureBlobStorageBackend;
import dev.pouch.storage.s3.S3StorageBackend;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Object lock against what the test servers offer: none of them can keep an object under retention, so what is
 * tested is that pouch finds this out before writing anything and says so in one line, that exempt keys are still
 * written, and how a server that does not support Object Lock treats the headers (S3Proxy: see below). Real S3
 * Object Lock and Azure version-level immutability are untested here: the request fields are unit-tested
 * ({@code S3ObjectLockTest}), prune's handling of retained objects runs on a hand-written fake
 * ({@link PruneRetentionIT}).
 */
@ExtendWith(TestServers.class)
class ObjectLockIT {

  private static final ObjectLock LOCK =
      new ObjectLock(ObjectLock.Mode.GOVERNANCE, Duration.ofDays(1), List.of("locks/", "index/"));

  @TempDir Path tmp;

  @Test
  void s3ProxyCannotRetainSoLockedPutsAreRefusedAndExemptOnesWritten(S3ProxyServer server) throws Exception {
    String bucket = server.createBucket();
    try (S3StorageBackend s3 = S3StorageBackend.create(server.configFor(bucket).objectLock(LOCK).build())) {
      assertThat(s3.retentionEnabled()).isFalse();

      assertThatThrownBy(() -> s3.put(BlobKey.of("data/ab/cd"), BlobContent.of(new byte[] {1}),
          PutMode.CREATE_IF_ABSENT))
          .isInstanceOf(StorageException.Rejected.class)
          .hasMessageContaining("does not have S3 Object Lock enabled");
      assertThat(s3.stat(BlobKey.of("data/ab/cd"))).isEmpty();

      s3.put(BlobKey.of("locks/x"), BlobContent.of(new byte[] {2}), PutMode.CREATE_IF_ABSENT);
      assertThat(s3.stat(BlobKey.of("locks/x"))).isPresent();
      assertThat(s3.retainedUntil(BlobKey.of("locks/x"))).isEmpty();
      assertThat(s3.retainedUntil(BlobKey.of("missing"))).isEmpty();
    }
  }

  /**
   * Why pouch asks the bucket first: S3Proxy (with {@code ignore-unknown-headers}, which the SDK's multipart
   * uploads need) accepts a PutObject with Object Lock headers and keeps the object unprotected.
   */
  @Test
  void s3ProxyAcceptsObjectLockHeadersAndIgnoresThem(S3ProxyServer server) throws Exception {
    String bucket = server.createBucket();
    Instant until = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    byte[] bytes = {9};
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    server.adminClient().putObject(b -> b.bucket(bucket).key("locked").objectLockMode(ObjectLockMode.COMPLIANCE)
        .objectLockRetainUntilDate(until).contentMD5(md5), RequestBody.fromBytes(bytes));

    HeadObjectResponse head = server.adminClient().headObject(b -> b.bucket(bucket).key("locked"));
    assertThat(head.objectLockRetainUntilDate()).isNull();
    server.adminClient().deleteObject(b -> b.bucket(bucket).key("locked"));
  }

  @Test
  void azuriteCannotRetainSoLockedPutsAreRefused(AzuriteServer server) throws Exception {
    try (AzureBlobStorageBackend azure = AzureBlobStorageBackend.create(
        server.configFor(server.createContainer()).objectLock(LOCK).build())) {
      assertThat(azure.retentionEnabled()).isFalse();
      assertThatThrownBy(() -> azure.put(BlobKey.of("snapshots/ab"), BlobContent.of(new byte[] {1}),
          PutMode.CREATE_IF_ABSENT))
          .isInstanceOf(StorageException.Rejected.class)
          .hasMessageContaining("does not have version-level immutability enabled");
      azure.put(BlobKey.of("index/ab"), BlobContent.of(new byte[] {2}), PutMode.CREATE_IF_ABSENT);
      assertThat(azure.retainedUntil(BlobKey.of("index/ab"))).isEmpty();
    }
  }

  @Test
  void theCliChecksBeforeWritingAnythingOnEveryServer(S3ProxyServer s3, AzuriteServer azure, FakeGcsServer gcs)
      throws Exception {
    CloudTarget bucket = CloudTarget.s3(s3);
    refused(bucket, "cannot keep objects under retention; create the bucket with S3 Object Lock");
    assertThat(s3.adminClient().listObjectsV2(b -> b.bucket(bucket.container())).contents()).isEmpty();
    CloudTarget container = CloudTarget.azure(azure);
    refused(container, "enable version-level immutability on the container");
    assertThat(azure.adminClient().getBlobContainerClient(container.container()).listBlobs().stream()).isEmpty();
    refused(CloudTarget.gcs(gcs), "object lock is supported on s3:// and azure:// repositories only");
  }

  private void refused(CloudTarget target, String reason) throws Exception {
    PouchResult init = PouchCli.with(target.env(), tmp.resolve("logs"))
        .run("init", "--repo", target.url(), "--insecure-fast-kdf", "--object-lock", "30d");
    assertThat(init.exitCode()).as(init.describe()).isEqualTo(1);
    assertThat(init.showsJavaInternals()).as(init.describe()).isFalse();
    assertThat(init.err().lines().toList()).as(init.describe()).hasSize(1)
        .first().asString().startsWith("pouch: ").contains(reason);
  }
}
