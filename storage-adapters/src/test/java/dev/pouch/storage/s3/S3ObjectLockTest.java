package dev.pouch.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pouch.storage.ObjectLock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The request fields of an Object Lock upload. No S3-compatible test server enforces Object Lock, so what these
 * fields make real S3 do is untested here (see docs/storage-backend-guide.md).
 */
class S3ObjectLockTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final byte[] BYTES = "pack bytes".getBytes(StandardCharsets.UTF_8);

  private static S3ObjectLock lock(ObjectLock.Mode mode, boolean flexibleChecksums) {
    return new S3ObjectLock(new ObjectLock(mode, Duration.ofDays(7), List.of("locks/")),
        Clock.fixed(NOW, ZoneOffset.UTC), flexibleChecksums);
  }

  @Test
  void aPutCarriesModeRetainUntilAndContentMd5WithoutFlexibleChecksums() {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket("b").key("data/x");

    lock(ObjectLock.Mode.COMPLIANCE, false).apply(request, BYTES);

    PutObjectRequest built = request.build();
    assertThat(built.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(built.objectLockRetainUntilDate()).isEqualTo(Instant.parse("2026-12-02T12:00:00Z"));
    assertThat(built.contentMD5()).isEqualTo(S3ObjectLock.md5(BYTES)).hasSize(24);
  }

  @Test
  void withFlexibleChecksumsTheSdkChecksumStandsInForContentMd5() {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket("b").key("data/x");
    UploadPartRequest.Builder part = UploadPartRequest.builder().bucket("b").key("data/x");

    S3ObjectLock lock = lock(ObjectLock.Mode.GOVERNANCE, true);
    lock.apply(request, BYTES);
    lock.apply(part, BYTES);

    assertThat(request.build().objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(request.build().contentMD5()).isNull();
    assertThat(part.build().contentMD5()).isNull();
  }

  @Test
  void aMultipartUploadIsLockedAtCreationAndEachPartCarriesItsMd5() {
    CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket("b").key("data/x");
    UploadPartRequest.Builder part = UploadPartRequest.builder().bucket("b").key("data/x");

    S3ObjectLock lock = lock(ObjectLock.Mode.GOVERNANCE, false);
    lock.apply(create);
    lock.apply(part, BYTES);

    assertThat(create.build().objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    assertThat(create.build().objectLockRetainUntilDate()).isEqualTo(Instant.parse("2026-12-02T12:00:00Z"));
    assertThat(part.build().contentMD5()).isEqualTo(S3ObjectLock.md5(BYTES));
  }

  @Test
  void md5IsTheBase64OfTheDigest() {
    // RFC 1321 test suite: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72
    assertThat(S3ObjectLock.md5("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo("kAFQmDzST7DWlj99KOF/cg==");
  }
}
