package dev.pouch.agent.cli;

import dev.pouch.agent.config.ByteRate;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.agent.schedule.Durations;
import dev.pouch.storage.ObjectLock;
import dev.pouch.storage.location.LocationOverrides;
import dev.pouch.storage.ratelimit.BandwidthLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How to talk to the storage behind a repository: bandwidth limits, multipart sizing, a custom endpoint and object
 * lock. A mixin of {@link RepositoryOptions}, so every command that opens a repository takes them; they win over the
 * environment ({@link dev.pouch.storage.location.StorageLocation}).
 */
final class StorageOptions {

  /** No options given: everything from the environment and the defaults. */
  static final StorageOptions NONE = new StorageOptions();

  @Option(names = "--limit-upload", paramLabel = "RATE",
      description = "Upload at most this fast, over all threads (e.g. 50MiB/s).")
  String limitUpload;

  @Option(names = "--limit-download", paramLabel = "RATE",
      description = "Download at most this fast, over all threads (e.g. 50MiB/s).")
  String limitDownload;

  @Option(names = "--part-size", paramLabel = "SIZE", converter = ByteSizes.class,
      description = "S3 multipart part, GCS upload chunk or Azure block size (5MiB to 2047MiB, as a part is held "
          + "in one array; GCS: a multiple of 256KiB; default 16MiB; grown when an object would need more parts "
          + "than the service allows).")
  Long partSize;

  @Option(names = "--upload-concurrency", paramLabel = "N",
      description = "Parts (S3) or blocks (Azure) of one large object sent at once (default: 4).")
  Integer uploadConcurrency;

  @Option(names = "--endpoint", paramLabel = "URL", description = "S3-compatible endpoint (MinIO, Ceph, ...), GCS "
      + "host or Azure blob endpoint; wins over AWS_ENDPOINT_URL_S3, STORAGE_EMULATOR_HOST and the like.")
  String endpoint;

  @Option(names = "--path-style", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
      description = "S3: address buckets as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT (default: on exactly when "
          + "an endpoint is set; $POUCH_S3_PATH_STYLE).")
  Boolean pathStyle;

  @Option(names = "--object-lock", paramLabel = "DURATION", description = "Keep every new object except locks and "
      + "index under a retention the service enforces for DURATION (e.g. 30d): S3 Object Lock, Azure version-level "
      + "immutability. The bucket or container must have it enabled; pouch checks before writing.")
  String objectLock;

  @Option(names = "--object-lock-mode", paramLabel = "governance|compliance", defaultValue = "governance",
      description = "governance: an administrator may lift the retention; compliance: nobody can "
          + "(default: ${DEFAULT-VALUE}).")
  String objectLockMode;

  /** The settings that go into opening a {@link dev.pouch.storage.location.StorageLocation}. */
  LocationOverrides overrides() {
    LocationOverrides.Builder b = LocationOverrides.builder();
    if (endpoint != null) {
      b.endpoint(endpoint(endpoint));
    }
    if (pathStyle != null) {
      b.pathStyle(pathStyle);
    }
    if (partSize != null) {
      b.partSizeBytes(partSize);
    }
    if (uploadConcurrency != null) {
      if (uploadConcurrency < 1) {
        throw new UsageException("--upload-concurrency must be at least 1");
      }
      b.uploadConcurrency(uploadConcurrency);
    }
    lock().ifPresent(b::objectLock);
    return b.build();
  }

  /** {@code --limit-upload} and {@code --limit-download}. */
  BandwidthLimits limits() {
    return BandwidthLimits.of(rate("--limit-upload", limitUpload), rate("--limit-download", limitDownload));
  }

  /**
   * {@code --object-lock}: every key but lock objects (written and deleted by every command) and index objects
   * (derived from the packs, rebuilt by 'pouch repair index', replaced by prune) is retained.
   */
  Optional<ObjectLock> lock() {
    if (objectLock == null) {
      return Optional.empty();
    }
    ObjectLock.Mode mode = switch (objectLockMode.toLowerCase(Locale.ROOT)) {
      case "governance" -> ObjectLock.Mode.GOVERNANCE;
      case "compliance" -> ObjectLock.Mode.COMPLIANCE;
      default -> throw new UsageException("--object-lock-mode must be governance or compliance, not '"
          + objectLockMode + "'");
    };
    try {
      return Optional.of(new ObjectLock(mode, Durations.parse(objectLock),
          List.of(RepositoryLayout.LOCKS, RepositoryLayout.INDEX)));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--object-lock: " + e.getMessage());
    }
  }

  private static long rate(String option, String value) {
    if (value == null) {
      return BandwidthLimits.UNLIMITED;
    }
    try {
      return ByteRate.parse(value).bytesPerSecond();
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  private static URI endpoint(String value) {
    try {
      URI uri = new URI(value.contains("://") ? value : "http://" + value);
      if (uri.getHost() == null) {
        throw new URISyntaxException(value, "no host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--endpoint: '" + value + "' is not a URL (e.g. http://minio.local:9000)");
    }
  }
}
