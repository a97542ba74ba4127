package dev.pouch.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3MultipartUploadTest {

  private static final long MIB = 1024L * 1024;

  @Test
  void configuredPartSizeIsKeptWhileItNeedsAtMostTenThousandParts() {
    assertThat(S3MultipartUpload.partSize(100 * MIB, 16 * MIB)).isEqualTo(16 * MIB);
    assertThat(S3MultipartUpload.partSize(16 * MIB * 10_000, 16 * MIB)).isEqualTo(16 * MIB);
  }

  @Test
  void partSizeGrowsInWholeMebibytesSoTheUploadFitsInTenThousandParts() {
    long length = 16 * MIB * 10_000 + 1; // one byte more than 10,000 parts of 16 MiB
    long part = S3MultipartUpload.partSize(length, 16 * MIB);

    assertThat(part).isEqualTo(17 * MIB);
    assertThat((length + part - 1) / part).isLessThanOrEqualTo(10_000);
  }

  @Test
  void fiveTebibytesFitInTenThousandParts() {
    long length = 5L * 1024 * 1024 * MIB;
    long part = S3MultipartUpload.partSize(length, 16 * MIB);

    assertThat((length + part - 1) / part).isLessThanOrEqualTo(10_000);
    assertThat(part).isLessThanOrEqualTo(S3BackendConfig.MAX_PART_SIZE_BYTES);
  }
}
