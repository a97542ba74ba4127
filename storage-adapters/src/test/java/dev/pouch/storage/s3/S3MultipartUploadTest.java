package dev.pouch.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

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

  @Test
  void partsCoverTheWholeObjectAtTheLargestPartSize() throws Exception {
    long length = 10L * 1024 * MIB;
    long part = S3MultipartUpload.partSize(length, S3BackendConfig.MAX_PART_SIZE_BYTES);
    RecordingS3Client client = new RecordingS3Client();
    SizeOnlyContent content = new SizeOnlyContent(length);

    upload(client, content, part);

    assertThat(client.parts).hasSize(6);
    assertThat(client.parts.stream().mapToLong(UploadPartRequest::contentLength).sum()).isEqualTo(length);
    assertThat(content.reads.stream().mapToLong(r -> r[1]).sum()).isEqualTo(length);
    assertThat(content.reads).allSatisfy(r -> assertThat(r[0] % part).isZero());
    assertThat(client.completes).hasSize(1);
  }

  @Test
  void partTooLargeForOneArrayIsRefusedBeforeAnythingIsSent() {
    // 4.5 GiB parts of 10 GiB once became 512 MiB parts, and the upload completed with 2 GiB of the 10
    long length = 10L * 1024 * MIB;
    RecordingS3Client client = new RecordingS3Client();
    SizeOnlyContent content = new SizeOnlyContent(length);

    assertThatThrownBy(() -> upload(client, content, 4608 * MIB))
        .isInstanceOf(StorageException.Rejected.class).hasMessageContaining("2047 MiB");
    assertThat(client.creates).isZero();
    assertThat(client.parts).isEmpty();
    assertThat(client.completes).isEmpty();
    assertThat(content.reads).isEmpty();
  }

  private static void upload(RecordingS3Client client, BlobContent content, long partSizeBytes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      new S3MultipartUpload(client, pool, 2, new S3Errors("s3://bucket", "test"))
          .upload("bucket", "k", BlobKey.of("k"), content, partSizeBytes, PutMode.CREATE_OR_REPLACE, null);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Content of any length that records each part read and returns an empty array (the fake never sends it). */
  private static final class SizeOnlyContent implements BlobContent {
    final List<long[]> reads = new CopyOnWriteArrayList<>();
    private final long length;

    SizeOnlyContent(long length) {
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public InputStream open(long offset, long count) {
      throw new UnsupportedOperationException("parts are read with read(offset, length)");
    }

    @Override
    public byte[] read(long offset, int count) {
      reads.add(new long[] {offset, count});
      return new byte[0];
    }
  }
}
