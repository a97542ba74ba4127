package dev.pouch.storage.s3;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.PutMode;
import dev.pouch.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload: create, parts in parallel, complete; abort on any failure.
 *
 * <p>Memory stays bounded: a semaphore admits at most {@code concurrency} parts at once, and a part's bytes are read
 * from the (replayable) content only when its turn comes. The SDK's own retries of a part resend the same byte
 * array, so a retried part can never duplicate or shift data.
 */
final class S3MultipartUpload {

  private static final String OCTET_STREAM = "application/octet-stream";

  private final S3Client client;
  private final ExecutorService executor;
  private final int concurrency;
  private final S3Errors errors;

  S3MultipartUpload(S3Client client, ExecutorService executor, int concurrency, S3Errors errors) {
    this.client = client;
    this.executor = executor;
    this.concurrency = concurrency;
    this.errors = errors;
  }

  /** The part size for {@code length} bytes: at least {@code configured}, large enough for at most 10,000 parts. */
  static long partSize(long length, long configured) {
    long needed = (length + S3BackendConfig.MAX_PARTS - 1) / S3BackendConfig.MAX_PARTS;
    if (needed <= configured) {
      return configured;
    }
    long mib = 1024L * 1024;
    return (needed + mib - 1) / mib * mib;
  }

  /**
   * Uploads {@code content} as one object.
   *
   * @param lock the Object Lock to put on the object, or null
   */
  void upload(String bucket, String objectKey, BlobKey key, BlobContent content, long partSizeBytes, PutMode mode,
      S3ObjectLock lock) throws StorageException {
    if (partSizeBytes > S3BackendConfig.MAX_PART_SIZE_BYTES) {
      // only an object past S3's own 5 TiB limit grows parts this far
      throw errors.partTooLarge(key, content.length(), partSizeBytes);
    }
    String uploadId;
    try {
      CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
          .bucket(bucket).key(objectKey).contentType(OCTET_STREAM);
      if (lock != null) {
        lock.apply(create);
      }
      uploadId = client.createMultipartUpload(create.build()).uploadId();
    } catch (SdkException e) {
      throw errors.translate("put", key, e);
    }
    try {
      List<CompletedPart> parts = uploadParts(bucket, objectKey, uploadId, key, content, partSizeBytes, lock);
      CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
          .bucket(bucket).key(objectKey).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts));
      if (mode == PutMode.CREATE_IF_ABSENT) {
        complete.ifNoneMatch("*");
      }
      try {
        client.completeMultipartUpload(complete.build());
      } catch (SdkException e) {
        throw errors.translate("put", key, e);
      }
    } catch (StorageException | RuntimeException | Error e) {
      abort(bucket, objectKey, uploadId, key, e);
      throw e;
    }
  }

  private List<CompletedPart> uploadParts(String bucket, String objectKey, String uploadId, BlobKey key,
      BlobContent content, long partSizeBytes, S3ObjectLock lock) throws StorageException {
    long length = content.length();
    int count = Math.toIntExact((length + partSizeBytes - 1) / partSizeBytes);
    String[] etags = new String[count];
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int submitted = 0;
    try {
      for (int i = 0; i < count && failure.get() == null; i++) {
        inFlight.acquire();
        if (failure.get() != null) {
          inFlight.release();
          break;
        }
        int index = i;
        long offset = i * partSizeBytes;
        // exact: a truncated length would complete an object shorter than its content
        int partLength = Math.toIntExact(Math.min(partSizeBytes, length - offset));
        try {
          executor.execute(() -> {
            try {
              byte[] bytes = content.read(offset, partLength);
              UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(bucket).key(objectKey)
                  .uploadId(uploadId).partNumber(index + 1).contentLength((long) partLength);
              if (lock != null) {
                lock.apply(part, bytes);
              }
              UploadPartResponse response = client.uploadPart(part.build(),
                  // fromBytes would copy the array; the part buffer is ours and never changes
                  RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes), partLength,
                      OCTET_STREAM));
              etags[index] = response.eTag();
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              inFlight.release();
            }
          });
        } catch (RejectedExecutionException e) {
          inFlight.release();
          failure.compareAndSet(null, e);
          break;
        }
        submitted++;
      }
      // wait for every part in flight, failed or not, before completing or aborting
      inFlight.acquire(concurrency);
      inFlight.release(concurrency);
    } catch (InterruptedException e) {
      throw errors.interrupted("put", key, e);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw classify(key, t);
    }
    if (submitted != count) {
      throw new IllegalStateException("submitted " + submitted + " of " + count + " parts without a failure");
    }
    List<CompletedPart> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags[i]).build());
    }
    return parts;
  }

  private StorageException classify(BlobKey key, Throwable t) {
    if (t instanceof SdkException e) {
      return errors.translate("put", key, e);
    }
    if (t instanceof IOException e) {
      return errors.contentUnreadable(key, e);
    }
    if (t instanceof RejectedExecutionException e) {
      return errors.executorRejected(key, e);
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  private void abort(String bucket, String objectKey, String uploadId, BlobKey key, Throwable primary) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
    } catch (SdkException e) {
      primary.addSuppressed(errors.translate("abort", key, e));
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }
}
