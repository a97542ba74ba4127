package dev.pouch.storage;

import java.time.Instant;
import java.util.Objects;

/** What a backend knows about a stored blob. */
public record BlobInfo(BlobKey key, long sizeBytes, Instant lastModified) {
  public BlobInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
