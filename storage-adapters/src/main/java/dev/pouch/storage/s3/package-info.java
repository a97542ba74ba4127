/**
 * {@link dev.pouch.storage.StorageBackend} on Amazon S3 and S3-compatible services (AWS SDK v2, synchronous client,
 * Apache HTTP client).
 *
 * <p>Vocabulary: a <em>bucket</em> holds <em>objects</em>; a backend owns the objects under its <em>prefix</em>, and
 * a {@link dev.pouch.storage.BlobKey} {@code k} is stored as object {@code prefix/k}. A <em>multipart upload</em>
 * is invisible until completed; a completed one is atomic. Only {@code S3Errors} looks at SDK exceptions.
 */
package dev.pouch.storage.s3;
