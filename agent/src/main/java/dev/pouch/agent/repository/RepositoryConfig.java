package dev.pouch.agent.repository;

import dev.pouch.agent.chunking.ChunkerParams;
import java.time.Instant;

/**
 * The repository's fixed parameters, stored encrypted under the master key in {@code config} together with the
 * keyring. Chunker and compression settings are per repository so that every backup into it deduplicates against
 * the others.
 */
public record RepositoryConfig(
    int version,
    String id,
    Instant created,
    ChunkerParams chunker,
    String compression,
    int compressionLevel,
    int packTargetBytes) {

  public static final int FORMAT_VERSION = 1;

  public RepositoryConfig {
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("repository format version " + version + " is not supported (this pouch reads "
          + FORMAT_VERSION + ")");
    }
    if (!compression.equals("zstd") && !compression.equals("none")) {
      throw new IllegalArgumentException("unknown compression '" + compression + "'");
    }
    if (packTargetBytes < 1024 * 1024 || packTargetBytes > 512 * 1024 * 1024) {
      throw new IllegalArgumentException("pack size must be 1 MiB..512 MiB, got " + packTargetBytes);
    }
  }
}
