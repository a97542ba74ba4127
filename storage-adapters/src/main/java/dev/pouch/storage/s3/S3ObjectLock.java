package dev.pouch.storage.s3;

import dev.pouch.storage.BlobKey;
import dev.pouch.storage.ObjectLock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * What S3 Object Lock adds to the upload requests of a locked key: the mode and retain-until date on
 * {@code PutObject} and {@code CreateMultipartUpload}, and an integrity header on every request that carries data.
 * S3 refuses data requests into an Object Lock bucket that have neither {@code Content-MD5} nor a flexible checksum;
 * with flexible checksums off (custom endpoints) this adds {@code Content-MD5}.
 */
final class S3ObjectLock {

  private final ObjectLock lock;
  private final Clock clock;
  private final boolean flexibleChecksums;

  S3ObjectLock(ObjectLock lock, Clock clock, boolean flexibleChecksums) {
    this.lock = lock;
    this.clock = clock;
    this.flexibleChecksums = flexibleChecksums;
  }

  boolean appliesTo(BlobKey key) {
    return lock.appliesTo(key);
  }

  ObjectLock lock() {
    return lock;
  }

  void apply(PutObjectRequest.Builder request, byte[] bytes) {
    request.objectLockMode(mode()).objectLockRetainUntilDate(lock.retainUntil(clock.instant()));
    if (!flexibleChecksums) {
      request.contentMD5(md5(bytes));
    }
  }

  void apply(CreateMultipartUploadRequest.Builder request) {
    request.objectLockMode(mode()).objectLockRetainUntilDate(lock.retainUntil(clock.instant()));
  }

  void apply(UploadPartRequest.Builder request, byte[] part) {
    if (!flexibleChecksums) {
      request.contentMD5(md5(part));
    }
  }

  private ObjectLockMode mode() {
    return switch (lock.mode()) {
      case GOVERNANCE -> ObjectLockMode.GOVERNANCE;
      case COMPLIANCE -> ObjectLockMode.COMPLIANCE;
    };
  }

  static String md5(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }
}
