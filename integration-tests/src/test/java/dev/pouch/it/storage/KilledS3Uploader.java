package dev.pouch.it.storage;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.s3.S3BackendConfig;
import dev.pouch.storage.s3.S3StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;

/**
 * A process that starts a four-part multipart upload to S3Proxy, uploads two parts, then announces {@code READY} on
 * stdout and hangs while reading the third, so that the test can kill it mid-upload (as a crash or OOM kill would).
 * Run by {@link S3MultipartIT} as {@code java -cp <test class path> ... <endpoint> <bucket> <key>}.
 */
public final class KilledS3Uploader {

  private KilledS3Uploader() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    BlobKey key = BlobKey.of(args[2]);
    long part = S3BackendConfig.MIN_PART_SIZE_BYTES;
    S3BackendConfig config = S3BackendConfig.builder(bucket).endpoint(endpoint).region("us-east-1").pathStyle(true)
        .credentials(S3BackendConfig.S3Credentials.of("test-access-key", "test-secret-key"))
        .flexibleChecksums(false).partSizeBytes(part).multipartThresholdBytes(part)
        .uploadConcurrency(1) // part 3 is read only after part 2 has been uploaded
        .build();
    BlobContent content = new BlobContent() {
      @Override
      public long length() {
        return 4 * part;
      }

      @Override
      public InputStream open(long offset, long length) throws java.io.IOException {
        if (offset >= 2 * part) {
          System.out.println("READY");
          System.out.flush();
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException("interrupted");
          }
        }
        return new ByteArrayInputStream(new byte[(int) length]);
      }
    };
    try (S3StorageBackend backend = S3StorageBackend.create(config)) {
      backend.put(key, content, PutMode.CREATE_IF_ABSENT);
    }
    System.out.println("FINISHED"); // not reached when killed
  }
}
