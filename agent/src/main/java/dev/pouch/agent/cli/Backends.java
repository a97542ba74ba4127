package dev.pouch.agent.cli;

import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.storage.retry.RetryPolicy;
import dev.pouch.storage.retry.RetryingStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Opens the backend a repository URL names. */
final class Backends {

  private Backends() {}

  static StorageBackend open(String url, Map<String, String> env) throws IOException {
    return withRetries(LocalStorageBackend.of(LocalBackendConfig.of(localPath(url))));
  }

  /**
   * The one operation-level retry layer (SDK retries are configured low in the adapters): transient errors are
   * retried with jittered backoff; an unknown outcome is retried blindly only for content-addressed keys.
   */
  static StorageBackend withRetries(StorageBackend backend) {
    return RetryingStorageBackend.of(backend, RetryPolicy.defaults(), RepositoryLayout::isContentAddressed,
        new SplittableRandom(), Sleeper.system());
  }

  /** For {@code init}: a local repository directory is created if missing (cloud buckets must exist). */
  static StorageBackend openForInit(String url, Map<String, String> env) throws IOException {
    Path local = localPath(url);
    Files.createDirectories(local);
    return open(url, env);
  }

  private static Path localPath(String url) {
    if (url.contains("://")) {
      throw new UsageException("repository URL '" + url + "' is not supported yet by this build");
    }
    return Path.of(url.startsWith("file:") ? url.substring("file:".length()) : url).toAbsolutePath().normalize();
  }
}
