package dev.pouch.storage;

import java.time.Instant;
import java.util.Optional;

/**
 * Role of a backend whose service can keep objects under a retention ({@link ObjectLock}), found with
 * {@link StorageBackend#role}. Whether a given bucket or container can do so is a property of how it was created,
 * so it is asked of the service ({@link #retentionEnabled()}), once.
 *
 * <p>What deleting a retained object does: on S3 (Object Lock needs versioning) a delete without a version id
 * succeeds and only adds a delete marker; on Azure (version-level immutability needs versioning) it turns the current
 * version into a previous one. Either way the retained version stays, billed, until its retention ends and a
 * lifecycle rule removes old versions. Callers that delete (prune) therefore ask {@link #retainedUntil} first and
 * leave retained objects in place, rather than relying on the service to refuse.
 */
public interface RetainedObjects {

  /**
   * Whether the bucket or container can keep objects under retention (S3: Object Lock enabled; Azure: version-level
   * immutability enabled). Asked of the service on the first call, then remembered.
   */
  boolean retentionEnabled() throws StorageException;

  /**
   * When the retention of the current version of {@code key} ends, if it has one that has not ended yet;
   * {@link Instant#MAX} under a legal hold. Empty for a missing key or one without retention.
   */
  Optional<Instant> retainedUntil(BlobKey key) throws StorageException;
}
