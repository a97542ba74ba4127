package dev.pouch.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GcsBackendConfigTest {

  @Test
  void chunksMustBeMultiplesOf256KiB() {
    assertThat(GcsBackendConfig.builder("bucket").chunkSizeBytes(512 * 1024).build().chunkSizeBytes())
        .isEqualTo(512 * 1024);
    assertThatThrownBy(() -> GcsBackendConfig.builder("bucket").chunkSizeBytes(300 * 1024).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 KiB");
  }

  @Test
  void accessTokenIsNeverShown() {
    GcsBackendConfig config = GcsBackendConfig.builder("bucket")
        .credentials(new GcsBackendConfig.AccessToken("ya29.secret-token")).build();

    assertThat(config.toString()).doesNotContain("ya29");
  }

  @Test
  void defaultsToApplicationDefaultCredentialsOnGoogle() {
    GcsBackendConfig config = GcsBackendConfig.builder("bucket").build();

    assertThat(config.credentials()).isEqualTo(new GcsBackendConfig.ApplicationDefault());
    assertThat(config.host()).isEmpty();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void singlePutsLargerThanOneByteArrayAreRefused() {
    long mib = 1024L * 1024;
    assertThat(GcsBackendConfig.builder("bucket").resumableThresholdBytes(2047 * mib).build()
        .resumableThresholdBytes()).isEqualTo(2047 * mib);
    // a put below the threshold is read into one array
    assertThatThrownBy(() -> GcsBackendConfig.builder("bucket").resumableThresholdBytes(4500 * mib).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resumableThresholdBytes").hasMessageContaining("2047 MiB");
  }
}
