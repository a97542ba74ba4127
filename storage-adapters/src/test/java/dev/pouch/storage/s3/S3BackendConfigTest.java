package dev.pouch.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.ObjectLock;
import java.time.Duration;
import java.util.List;
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
  void partsLargerThanOneByteArrayAreRefused() {
    long mib = 1024L * 1024;
    assertThat(S3BackendConfig.builder("bucket").partSizeBytes(2047 * mib).build().partSizeBytes())
        .isEqualTo(S3BackendConfig.MAX_PART_SIZE_BYTES).isEqualTo(2047 * mib);
    // S3 takes parts up to 5 GiB, but a part is read into one array: 4.5 GiB parts once covered 2 GiB of 10
    for (long size : new long[] {2048 * mib, 4608 * mib, 5 * 1024 * mib}) {
      assertThatThrownBy(() -> S3BackendConfig.builder("bucket").partSizeBytes(size).build())
          .as("%d", size).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("partSizeBytes").hasMessageContaining("2047 MiB");
    }
  }

  @Test
  void objectLockSinglePutsMustFitOneByteArray() {
    ObjectLock lock = new ObjectLock(ObjectLock.Mode.GOVERNANCE, Duration.ofDays(30), List.of());
    long largest = S3BackendConfig.MAX_PART_SIZE_BYTES;

    assertThat(S3BackendConfig.builder("bucket").objectLock(lock).multipartThresholdBytes(largest).build()
        .multipartThresholdBytes()).isEqualTo(largest);
    assertThat(S3BackendConfig.builder("bucket").multipartThresholdBytes(4L << 30).build()
        .multipartThresholdBytes()).as("streamed when not locked").isEqualTo(4L << 30);
    assertThatThrownBy(() -> S3BackendConfig.builder("bucket").objectLock(lock).multipartThresholdBytes(4L << 30)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multipartThresholdBytes").hasMessageContaining("2047 MiB");
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
