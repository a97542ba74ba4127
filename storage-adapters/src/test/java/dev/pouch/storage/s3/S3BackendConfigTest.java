package dev.pouch.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3BackendConfigTest {

  @Test
  void defaultsAreSixteenMebibytePartsFromSixtyFourMebibytesFourAtOnce() {
    S3BackendConfig config = S3BackendConfig.builder("bucket").build();

    assertThat(config.partSizeBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.multipartThresholdBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.uploadConcurrency()).isEqualTo(4);
    assertThat(config.credentials()).isEmpty();
  }

  @Test
  void toStringNeverShowsSecretOrSessionToken() {
    S3BackendConfig config = S3BackendConfig.builder("bucket")
        .credentials(new S3BackendConfig.S3Credentials("AKIDEXAMPLE", "very-secret", Optional.of("session-token")))
        .build();

    assertThat(config.toString()).contains("AKIDEXAMPLE").doesNotContain("very-secret").doesNotContain("session-token");
  }

  @Test
  void partsBelowFiveMebibytesAreRefused() {
    assertThatThrownBy(() -> S3BackendConfig.builder("bucket").partSizeBytes(1024 * 1024).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 MiB");
  }

  @Test
  void invalidBucketNamesAndPrefixesAreRefused() {
    assertThatThrownBy(() -> S3BackendConfig.builder("Upper_Case").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3BackendConfig.builder("bucket").prefix("/lead").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3BackendConfig.builder("bucket").prefix("a//b").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsEverySetting() {
    S3BackendConfig config = S3BackendConfig.builder("bucket").prefix("p").region("eu-west-1").pathStyle(true)
        .profile("ops").partSizeBytes(8L * 1024 * 1024).multipartThresholdBytes(9).uploadConcurrency(2)
        .maxAttempts(7).listPageSize(10).flexibleChecksums(false).build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
