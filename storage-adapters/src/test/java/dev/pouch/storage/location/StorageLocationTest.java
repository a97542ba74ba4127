package dev.pouch.storage.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.ObjectLock;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.azure.AzureBlobStorageBackend;
import dev.pouch.storage.gcs.GcsStorageBackend;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.storage.s3.S3StorageBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageLocationTest {

  @Test
  void plainPathsAreLocal() {
    assertThat(StorageLocation.parse("/srv/backup")).isEqualTo(new StorageLocation.Local(Path.of("/srv/backup")));
    assertThat(StorageLocation.parse("backups/wombat"))
        .isEqualTo(new StorageLocation.Local(Path.of("backups/wombat")));
  }

  @Test
  void fileUrlsAreLocal() {
    assertThat(StorageLocation.parse("file:/srv/backup")).isEqualTo(new StorageLocation.Local(Path.of("/srv/backup")));
    assertThat(StorageLocation.parse("file:///srv/backup"))
        .isEqualTo(new StorageLocation.Local(Path.of("/srv/backup")));
    assertThat(StorageLocation.parse("file://localhost/srv/backup"))
        .isEqualTo(new StorageLocation.Local(Path.of("/srv/backup")));
  }

  @Test
  void cloudUrlsNameBucketAndPrefix() {
    assertThat(StorageLocation.parse("s3://backups/wombat-prod"))
        .isEqualTo(new StorageLocation.S3("backups", "wombat-prod"));
    assertThat(StorageLocation.parse("gs://backups-dr/a/b/")).isEqualTo(new StorageLocation.Gcs("backups-dr", "a/b"));
    assertThat(StorageLocation.parse("azure://container")).isEqualTo(new StorageLocation.Azure("container", ""));
    assertThat(StorageLocation.parse("S3://backups/x")).isEqualTo(new StorageLocation.S3("backups", "x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://backups/wombat", "gs://b-1/x/y", "azure://cont", "/abs/path"})
  void urlRoundTrips(String url) {
    assertThat(StorageLocation.parse(url).url()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "http://example.com/x", "b2://bucket/x", "s3:/bucket", "s3:bucket", "s3://",
      "s3:///prefix", "s3://Bad_Bucket/x", "gs://bucket/a//b", "file://otherhost/x", "ftp://h/x"})
  void badUrlsAreRejectedWithOneLineHint(String url) {
    assertThatThrownBy(() -> StorageLocation.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid repository URL")
        .hasMessageEndingWith(StorageLocation.ACCEPTED_FORMS)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void localLocationOpensLocalBackend(@TempDir Path dir) throws Exception {
    try (StorageBackend backend = StorageLocation.parse(dir.toString()).open(Map.of(), LocationOverrides.NONE)) {
      assertThat(backend).isInstanceOf(LocalStorageBackend.class);
    }
  }

  @Test
  void cloudLocationsOpenTheirBackendsWithoutContactingTheService() throws Exception {
    Map<String, String> env = Map.of(
        "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "eu-west-1",
        "STORAGE_EMULATOR_HOST", "127.0.0.1:9",
        "AZURE_STORAGE_CONNECTION_STRING", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;");
    try (StorageBackend s3 = StorageLocation.parse("s3://bucket/p").open(env, LocationOverrides.NONE);
        StorageBackend gcs = StorageLocation.parse("gs://bucket/p").open(env, LocationOverrides.NONE);
        StorageBackend azure = StorageLocation.parse("azure://container/p").open(env, LocationOverrides.NONE)) {
      assertThat(s3).isInstanceOf(S3StorageBackend.class);
      assertThat(s3.describe()).isEqualTo("s3://bucket/p");
      assertThat(gcs).isInstanceOf(GcsStorageBackend.class);
      assertThat(gcs.describe()).isEqualTo("gs://bucket/p");
      assertThat(azure).isInstanceOf(AzureBlobStorageBackend.class);
      assertThat(azure.describe()).isEqualTo("azure://container/p");
    }
  }

  @Test
  void anObjectLockReachesTheS3AndAzureConfigsAndIsRefusedElsewhere(@TempDir Path dir) throws Exception {
    ObjectLock lock = new ObjectLock(ObjectLock.Mode.COMPLIANCE, Duration.ofDays(30), List.of("locks/"));
    LocationOverrides overrides = LocationOverrides.builder().objectLock(lock).build();
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret",
        "STORAGE_EMULATOR_HOST", "127.0.0.1:9",
        "AZURE_STORAGE_CONNECTION_STRING", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;");
    try (S3StorageBackend s3 = (S3StorageBackend) StorageLocation.parse("s3://bucket/p").open(env, overrides);
        AzureBlobStorageBackend azure =
            (AzureBlobStorageBackend) StorageLocation.parse("azure://container/p").open(env, overrides)) {
      assertThat(s3.config().objectLock()).contains(lock);
      assertThat(s3.capabilities().immutability()).isTrue();
      assertThat(azure.config().objectLock()).contains(lock);
      assertThat(azure.capabilities().immutability()).isTrue();
    }
    for (String url : List.of("gs://bucket/p", dir.toString())) {
      assertThatThrownBy(() -> StorageLocation.parse(url).open(env, overrides))
          .isInstanceOf(StorageException.Rejected.class)
          .hasMessageContaining("object lock is supported on s3:// and azure:// repositories only");
    }
  }

  @Test
  void azureWithoutCredentialsIsAccessDeniedNamingTheVariables() {
    assertThatThrownBy(() -> StorageLocation.parse("azure://container").open(Map.of(), LocationOverrides.NONE))
        .isInstanceOf(StorageException.AccessDenied.class)
        .hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING")
        .hasMessageContaining("AZURE_STORAGE_ACCOUNT");
  }
}
