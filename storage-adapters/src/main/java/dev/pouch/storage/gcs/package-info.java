/**
 * {@link dev.pouch.storage.StorageBackend} on Google Cloud Storage (google-cloud-storage, JSON API over HTTP).
 *
 * <p>Vocabulary: a <em>bucket</em> holds <em>objects</em>, each with a <em>generation</em> number that changes on
 * every overwrite; generation 0 means "does not exist", which is how a conditional create is expressed. A backend
 * owns the objects under its <em>prefix</em>, and a {@link dev.pouch.storage.BlobKey} {@code k} is stored as object
 * {@code prefix/k}. A <em>resumable upload</em> is invisible until finalised. Only {@code GcsErrors} looks at client
 * exceptions.
 */
package dev.pouch.storage.gcs;
