package dev.pouch.it.storage;

import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageBackendContract;
import dev.pouch.storage.s3.S3BackendConfig;
import dev.pouch.storage.s3.S3StorageBackend;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage contract on {@link S3StorageBackend} against LocalStack's S3 in a container. Needs a Docker daemon:
 * where there is none (as on the build machines) the class is reported as skipped, and S3Proxy covers S3. LocalStack
 * stores keys flat, so the key-that-is-also-a-prefix case S3Proxy cannot hold runs here.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContractIT extends StorageBackendContract {

  private static final long PART_BYTES = S3BackendConfig.MIN_PART_SIZE_BYTES;

  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
          .withServices(LocalStackContainer.Service.S3);

  private static String bucket;

  @Override
  protected StorageBackend newBackend() {
    return S3StorageBackend.create(S3BackendConfig.builder(bucket())
        .endpoint(LOCALSTACK.getEndpoint())
        .region(LOCALSTACK.getRegion())
        .credentials(S3BackendConfig.S3Credentials.of(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()))
        .pathStyle(true)
        .maxAttempts(2)
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

  private static synchronized String bucket() {
    if (bucket == null) {
      bucket = "it-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
      try (S3Client admin = S3Client.builder()
          .endpointOverride(LOCALSTACK.getEndpoint())
          .region(Region.of(LOCALSTACK.getRegion()))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
          .forcePathStyle(true)
          .build()) {
        admin.createBucket(b -> b.bucket(bucket));
      }
    }
    return bucket;
  }
}
