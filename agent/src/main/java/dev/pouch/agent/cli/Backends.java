package dev.pouch.agent.cli;

import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.location.LocationOverrides;
import dev.pouch.storage.location.StorageLocation;
import dev.pouch.storage.retry.RetryPolicy;
import dev.pouch.storage.retry.RetryingStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.SplittableRandom;

/** Opens the backend a repository URL names, with the one retry layer around it. */
final class Backends {

  private Backends() {}

  static StorageBackend open(String url, Map<String, String> env) throws IOException {
    return withRetries(location(url).open(env, LocationOverrides.NONE));
  }

  /** For {@code init}: a local repository directory is created if missing (cloud buckets must exist). */
  static StorageBackend openForInit(String url, Map<String, String> env) throws IOException {
    StorageLocation location = location(url);
    if (location instanceof StorageLocation.Local local) {
      Files.createDirectories(local.root());
    }
    return withRetries(location.open(env, LocationOverrides.NONE));
  }

  private static StorageLocation location(String url) {
    try {
      return StorageLocation.parse(url);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The one operation-level retry layer (SDK retries are configured low in the adapters): transient errors are
   * retried with jittered backoff; an unknown outcome is retried blindly only for content-addressed keys.
   */
  static StorageBackend withRetries(StorageBackend backend) {
    return RetryingStorageBackend.of(backend, RetryPolicy.defaults(), RepositoryLayout::isContentAddressed,
        new SplittableRandom(), Sleeper.system());
  }
}
