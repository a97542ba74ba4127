/**
 * {@link dev.pouch.storage.StorageBackend} on Azure Blob Storage (block blobs, azure-storage-blob).
 *
 * <p>Vocabulary: a storage <em>account</em> holds <em>containers</em> of <em>blobs</em>; a backend owns the blobs
 * under its <em>prefix</em>, and a {@link dev.pouch.storage.BlobKey} {@code k} is stored as blob {@code prefix/k}.
 * Large blobs are <em>staged blocks</em> made visible at once by a <em>commit</em> (Put Block List); uncommitted
 * blocks are never visible and the service discards them. Only {@code AzureErrors} looks at SDK exceptions.
 */
package dev.pouch.storage.azure;
