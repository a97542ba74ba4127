package dev.pouch.storage.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A fake S3 for the multipart calls only: records each request and never reads a part's body, so a test can upload
 * "objects" of many gibibytes. Every other call fails (the SDK's default methods).
 */
final class RecordingS3Client implements S3Client {

  final List<UploadPartRequest> parts = new CopyOnWriteArrayList<>();
  final List<CompleteMultipartUploadRequest> completes = new CopyOnWriteArrayList<>();
  final List<AbortMultipartUploadRequest> aborts = new CopyOnWriteArrayList<>();
  volatile int creates;

  @Override
  public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
    creates++;
    return CreateMultipartUploadResponse.builder().uploadId("upload-1").build();
  }

  @Override
  public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
    parts.add(request);
    return UploadPartResponse.builder().eTag("etag-" + request.partNumber()).build();
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
    completes.add(request);
    return CompleteMultipartUploadResponse.builder().build();
  }

  @Override
  public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
    aborts.add(request);
    return AbortMultipartUploadResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
