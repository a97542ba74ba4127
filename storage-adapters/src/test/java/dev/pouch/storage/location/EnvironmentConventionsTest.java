package dev.pouch.storage.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.azure.AzureBackendConfig;
import dev.pouch.storage.gcs.GcsBackendConfig;
import dev.pouch.storage.s3.S3BackendConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentConventionsTest {

  private static final StorageLocation.S3 S3 = new StorageLocation.S3("bucket", "repo");
  private static final StorageLocation.Gcs GCS = new StorageLocation.Gcs("bucket", "repo");
  private static final StorageLocation.Azure AZURE = new StorageLocation.Azure("container", "repo");

  @Test
  void awsOnItsOwnUsesTheDefaultChainVirtualHostsAndChecksums() {
    S3BackendConfig config = EnvironmentConventions.s3(S3, Map.of(), LocationOverrides.NONE);

    assertThat(config.bucket()).isEqualTo("bucket");
    assertThat(config.prefix()).isEqualTo("repo");
    assertThat(config.credentials()).isEmpty();
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.pathStyle()).isFalse();
    assertThat(config.flexibleChecksums()).isTrue();
  }

  @Test
  void awsKeysRegionAndProfileComeFromTheEnvironment() {
    S3BackendConfig keyed = EnvironmentConventions.s3(S3, Map.of("AWS_ACCESS_KEY_ID", "AKID",
        "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token", "AWS_DEFAULT_REGION", "eu-central-1"),
        LocationOverrides.NONE);
    S3BackendConfig profiled = EnvironmentConventions.s3(S3, Map.of("AWS_PROFILE", "backup", "AWS_REGION",
        "us-west-2", "AWS_DEFAULT_REGION", "eu-central-1"), LocationOverrides.NONE);

    assertThat(keyed.credentials()).contains(
        new S3BackendConfig.S3Credentials("AKID", "secret", Optional.of("token")));
    assertThat(keyed.region()).contains("eu-central-1");
    assertThat(profiled.credentials()).isEmpty();
    assertThat(profiled.profile()).contains("backup");
    assertThat(profiled.region()).contains("us-west-2"); // AWS_REGION wins over AWS_DEFAULT_REGION
  }

  @Test
  void customEndpointMeansPathStyleAndNoOptionalChecksumsUnlessSaidOtherwise() {
    S3BackendConfig config = EnvironmentConventions.s3(S3,
        Map.of("AWS_ENDPOINT_URL", "http://minio:9000", "AWS_ENDPOINT_URL_S3", "http://s3.local:9000"),
        LocationOverrides.NONE);
    S3BackendConfig virtual = EnvironmentConventions.s3(S3,
        Map.of("AWS_ENDPOINT_URL", "http://minio:9000", "POUCH_S3_PATH_STYLE", "false",
            "AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_SUPPORTED"), LocationOverrides.NONE);

    assertThat(config.endpoint()).contains(URI.create("http://s3.local:9000")); // the S3-specific variable wins
    assertThat(config.pathStyle()).isTrue();
    assertThat(config.flexibleChecksums()).isFalse();
    assertThat(virtual.pathStyle()).isFalse();
    assertThat(virtual.flexibleChecksums()).isTrue();
  }

  @Test
  void overridesWinOverTheEnvironment() {
    LocationOverrides overrides = LocationOverrides.builder().endpoint(URI.create("http://override:1"))
        .region("ap-south-1").pathStyle(false).partSizeBytes(32L * 1024 * 1024).uploadConcurrency(8).maxAttempts(9)
        .build();

    S3BackendConfig config = EnvironmentConventions.s3(S3,
        Map.of("AWS_ENDPOINT_URL", "http://env:2", "AWS_REGION", "eu-west-1", "POUCH_S3_PATH_STYLE", "true"),
        overrides);

    assertThat(config.endpoint()).contains(URI.create("http://override:1"));
    assertThat(config.region()).contains("ap-south-1");
    assertThat(config.pathStyle()).isFalse();
    assertThat(config.partSizeBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(config.uploadConcurrency()).isEqualTo(8);
    assertThat(config.maxAttempts()).isEqualTo(9);
  }

  @Test
  void badPathStyleValueIsRefused() {
    assertThatThrownBy(() -> EnvironmentConventions.s3(S3, Map.of("POUCH_S3_PATH_STYLE", "maybe"),
        LocationOverrides.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maybe");
  }

  @Test
  void gcsEmulatorHostMeansNoCredentials() {
    GcsBackendConfig config = EnvironmentConventions.gcs(GCS, Map.of("STORAGE_EMULATOR_HOST", "localhost:4443",
        "GOOGLE_CLOUD_PROJECT", "proj"), LocationOverrides.NONE);

    assertThat(config.host()).contains(URI.create("http://localhost:4443"));
    assertThat(config.credentials()).isEqualTo(new GcsBackendConfig.NoCredentials());
    assertThat(config.project()).contains("proj");
  }

  @Test
  void partSizeTooLargeForAGcsChunkSaysSo() {
    LocationOverrides huge = LocationOverrides.builder().partSizeBytes(3L << 30).build();

    assertThatThrownBy(() -> EnvironmentConventions.gcs(GCS, Map.of(), huge))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSizeBytes")
        .hasMessageContaining("2047 MiB");
  }

  @Test
  void gcsUsesApplicationDefaultsOrTheNamedKeyFile() {
    assertThat(EnvironmentConventions.gcs(GCS, Map.of(), LocationOverrides.NONE).credentials())
        .isEqualTo(new GcsBackendConfig.ApplicationDefault());
    assertThat(EnvironmentConventions.gcs(GCS, Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/etc/key.json"),
        LocationOverrides.NONE).credentials())
        .isEqualTo(new GcsBackendConfig.ServiceAccountKeyFile(Path.of("/etc/key.json")));
  }

  @Test
  void azureConnectionStringWinsOverAccountVariables() throws Exception {
    AzureBackendConfig config = EnvironmentConventions.azure(AZURE, Map.of(
        "AZURE_STORAGE_CONNECTION_STRING", "AccountName=a;AccountKey=k", "AZURE_STORAGE_ACCOUNT", "other",
        "AZURE_STORAGE_KEY", "k2"), LocationOverrides.NONE);

    assertThat(config.access()).isEqualTo(new AzureBackendConfig.ConnectionString("AccountName=a;AccountKey=k"));
    assertThat(config.prefix()).isEqualTo("repo");
  }

  @Test
  void azureAccountWithKeyOrSasUsesTheAccountEndpoint() throws Exception {
    AzureBackendConfig keyed = EnvironmentConventions.azure(AZURE,
        Map.of("AZURE_STORAGE_ACCOUNT", "acct", "AZURE_STORAGE_KEY", "a2V5"), LocationOverrides.NONE);
    AzureBackendConfig signed = EnvironmentConventions.azure(AZURE,
        Map.of("AZURE_STORAGE_ACCOUNT", "acct", "AZURE_STORAGE_SAS_TOKEN", "sv=1&sig=x"),
        LocationOverrides.builder().endpoint(URI.create("http://127.0.0.1:10000/acct")).build());

    assertThat(keyed.access()).isEqualTo(
        new AzureBackendConfig.SharedKey(URI.create("https://acct.blob.core.windows.net"), "acct", "a2V5"));
    assertThat(signed.access()).isEqualTo(
        new AzureBackendConfig.SasToken(URI.create("http://127.0.0.1:10000/acct"), "sv=1&sig=x"));
  }
}
