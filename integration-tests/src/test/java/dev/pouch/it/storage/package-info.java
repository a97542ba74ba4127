/**
 * Integration tests of the cloud {@link dev.pouch.storage.StorageBackend}s: the shared storage contract on each test
 * server ({@code *StorageBackendIT}), multipart/staged/resumable upload behaviour, fault hooks, and how missing
 * buckets, bad credentials and unreachable endpoints surface through {@link dev.pouch.storage.location.StorageLocation}.
 */
package dev.pouch.it.storage;
