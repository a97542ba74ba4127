package dev.pouch.storage.s3;

import dev.pouch.storage.BlobInfo;
import dev.pouch.storage.BlobKey;
import dev.pouch.storage.StorageException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Pages through {@code ListObjectsV2} one request at a time, as the stream is consumed. */
final class S3Listing implements Iterator<BlobInfo> {
  private final S3Client client;
  private final String bucket;
  private final String keyPrefix;
  private final String fullPrefix;
  private final int pageSize;
  private final S3Errors errors;
  private final Runnable onBucketSeen;
  private final ArrayDeque<BlobInfo> page = new ArrayDeque<>();
  private String continuationToken;
  private boolean lastPage;

  S3Listing(S3Client client, String bucket, String keyPrefix, String fullPrefix, int pageSize, S3Errors errors,
      Runnable onBucketSeen) {
    this.client = client;
    this.bucket = bucket;
    this.keyPrefix = keyPrefix;
    this.fullPrefix = fullPrefix;
    this.pageSize = pageSize;
    this.errors = errors;
    this.onBucketSeen = onBucketSeen;
  }

  void fetch() throws StorageException {
    String token = continuationToken;
    ListObjectsV2Response response;
    try {
      response = client.listObjectsV2(b -> b.bucket(bucket).prefix(fullPrefix)
          .maxKeys(pageSize).continuationToken(token));
    } catch (SdkException e) {
      throw errors.translate("list", null, e);
    }
    onBucketSeen.run();
    for (S3Object object : response.contents()) {
      String name = object.key().substring(keyPrefix.length());
      if (object.key().startsWith(keyPrefix) && BlobKey.isValid(name)) { // anything else is not pouch's
        page.add(new BlobInfo(BlobKey.of(name), object.size(), object.lastModified()));
      }
    }
    continuationToken = response.nextContinuationToken();
    lastPage = !Boolean.TRUE.equals(response.isTruncated()) || continuationToken == null;
  }

  @Override
  public boolean hasNext() {
    while (page.isEmpty() && !lastPage) {
      try {
        fetch();
      } catch (StorageException e) {
        throw new UncheckedIOException(e);
      }
    }
    return !page.isEmpty();
  }

  @Override
  public BlobInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.poll();
  }
}
