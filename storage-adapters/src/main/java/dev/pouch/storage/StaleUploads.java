package dev.pouch.storage;

import java.time.Duration;

/**
 * Role of a backend whose large puts are multipart uploads that a killed process leaves behind: invisible, but
 * holding (and billing) their parts until aborted. A failing put aborts its own upload; only a process that died
 * mid-put leaves one. Found with {@link StorageBackend#role}.
 */
public interface StaleUploads {

  /**
   * Aborts the unfinished uploads under this backend's prefix that were started more than {@code olderThan} ago and
   * returns how many. An upload still running when it is aborted fails, so choose an age above the longest upload,
   * or call this only while no other writer can be uploading (under an exclusive repository lock).
   */
  int abortStaleUploads(Duration olderThan) throws StorageException;
}
