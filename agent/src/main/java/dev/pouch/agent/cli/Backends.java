package dev.pouch.agent.cli;

import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.storage.RetainedObjects;
import dev.pouch.storage.Sleeper;
import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.StorageOperation;
import dev.pouch.storage.location.StorageLocation;
import dev.pouch.storage.metering.MeteredStorageBackend;
import dev.pouch.storage.metering.StorageMeter;
import dev.pouch.storage.ratelimit.BandwidthLimits;
import dev.pouch.storage.ratelimit.RateLimitedStorageBackend;
import dev.pouch.storage.retry.RetryPolicy;
import dev.pouch.storage.retry.RetryingStorageBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Opens the backend a repository URL names and decorates it the same way for every command, outermost first:
 * <ol>
 *   <li>the one operation-level retry layer ({@link RetryingStorageBackend}),</li>
 *   <li>the bandwidth limits of {@code --limit-upload/--limit-download}, below the retries so that a resent part
 *       is throttled again,</li>
 *   <li>a meter right above the adapter ({@link #meter}), so it counts the requests the service really gets,
 *       retries included.</li>
 * </ol>
 */
final class Backends {

  private Backends() {}

  static StorageBackend open(String url, Map<String, String> env) throws IOException {
    return open(url, env, StorageOptions.NONE);
  }

  static StorageBackend open(String url, Map<String, String> env, StorageOptions options) throws IOException {
    return decorate(location(url), env, options);
  }

  /** For {@code init}: a local repository directory is created if missing (cloud buckets must exist). */
  static StorageBackend openForInit(String url, Map<String, String> env) throws IOException {
    return openForInit(url, env, StorageOptions.NONE);
  }

  /** For {@code init}, with storage options. */
  static StorageBackend openForInit(String url, Map<String, String> env, StorageOptions options)
      throws IOException {
    StorageLocation location = location(url);
    if (location instanceof StorageLocation.Local local) {
      Files.createDirectories(local.root());
    }
    return decorate(location, env, options);
  }

  /** The meter counting the requests {@code backend} (opened here) sends to the service, if it has one. */
  static Optional<StorageMeter> meter(StorageBackend backend) {
    return backend.role(MeteredStorageBackend.class).map(MeteredStorageBackend::meter);
  }

  /**
   * The requests {@code backend} (opened here) has sent so far, by operation ({@code put}, {@code open},
   * {@code stat}, {@code list}, {@code delete}) and in {@code total}; empty for a backend without a meter.
   */
  static Map<String, Long> requests(StorageBackend backend) {
    Map<String, Long> out = new LinkedHashMap<>();
    meter(backend).ifPresent(meter -> {
      StorageMeter.Snapshot now = meter.snapshot();
      for (StorageOperation op : StorageOperation.values()) {
        out.put(op.label(), now.operation(op).requests());
      }
      out.put("total", now.totalRequests());
    });
    return out;
  }

  private static StorageBackend decorate(StorageLocation location, Map<String, String> env, StorageOptions options)
      throws IOException {
    StorageBackend adapter = location.open(env, options.overrides());
    try {
      if (options.lock().isPresent()) {
        requireRetention(adapter);
      }
    } catch (IOException | RuntimeException e) {
      try {
        adapter.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    StorageBackend backend = MeteredStorageBackend.of(adapter, new StorageMeter(), System::nanoTime);
    BandwidthLimits limits = options.limits();
    if (limits.limitsUpload() || limits.limitsDownload()) {
      backend = RateLimitedStorageBackend.of(backend, limits, System::nanoTime, Sleeper.system());
    }
    return withRetries(backend);
  }

  /**
   * Asks the service, before anything is written, whether the bucket or container can keep objects under retention,
   * so that {@code --object-lock} never silently stores unprotected objects (servers such as S3Proxy accept the
   * headers and ignore them).
   */
  private static void requireRetention(StorageBackend adapter) throws StorageException {
    RetainedObjects retained = adapter.role(RetainedObjects.class).orElseThrow(() -> new StorageException.Rejected(
        "connect", null, adapter.describe(), "--object-lock is not supported here", null));
    if (!retained.retentionEnabled()) {
      String how = adapter.describe().startsWith("azure:")
          ? "enable version-level immutability on the container or account (Azurite does not support it)"
          : "create the bucket with S3 Object Lock enabled (S3-compatible servers such as S3Proxy do not support it)";
      throw new StorageException.Rejected("connect", null, adapter.describe(),
          "--object-lock was given, but the service reports that this bucket or container cannot keep objects under "
              + "retention; " + how, null);
    }
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
   * retried with jittered backoff; an unknown outcome is retried blindly only for content-addressed keys; an
   * endpoint that has never answered gets two attempts ({@link RetryPolicy#defaults()}).
   */
  static StorageBackend withRetries(StorageBackend backend) {
    return RetryingStorageBackend.of(backend, RetryPolicy.defaults(), RepositoryLayout::isContentAddressed,
        new SplittableRandom(), Sleeper.system());
  }
}
