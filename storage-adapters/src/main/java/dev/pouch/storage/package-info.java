/**
 * The storage abstraction: a {@link dev.pouch.storage.StorageBackend} over flat {@link dev.pouch.storage.BlobKey}s,
 * the content it stores ({@link dev.pouch.storage.BlobContent}), and the one error family
 * ({@link dev.pouch.storage.StorageException}). Implementations live in one sub-package each ({@code local},
 * {@code memory}, {@code s3}, {@code gcs}, {@code azure}); cross-cutting behaviour (retry, metering, rate limits,
 * fault injection) is decoration in its own sub-package. This module knows nothing of crypto or Wombat.
 */
package dev.pouch.storage;
