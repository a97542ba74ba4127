package dev.pouch.storage.location;

import dev.pouch.storage.StorageBackend;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.azure.AzureBlobStorageBackend;
import dev.pouch.storage.gcs.GcsStorageBackend;
import dev.pouch.storage.local.LocalBackendConfig;
import dev.pouch.storage.local.LocalStorageBackend;
import dev.pouch.storage.s3.S3StorageBackend;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a repository lives, parsed from the URL a user writes: a local (or NFS) directory, an S3 bucket, a GCS bucket
 * or an Azure blob container, each with an optional key prefix.
 *
 * <table>
 *   <caption>Accepted forms</caption>
 *   <tr><td>{@code /abs/path}, {@code relative/path}, {@code file:/path}, {@code file:///path}</td><td>{@link Local}</td></tr>
 *   <tr><td>{@code s3://bucket/prefix}</td><td>{@link S3}</td></tr>
 *   <tr><td>{@code gs://bucket/prefix}</td><td>{@link Gcs}</td></tr>
 *   <tr><td>{@code azure://container/prefix}</td><td>{@link Azure}</td></tr>
 * </table>
 *
 * <p>{@link #open} creates the backend; endpoints and credentials follow each cloud's own environment conventions
 * (see {@link EnvironmentConventions}), and {@link LocationOverrides} from the config file win over them. Opening
 * contacts no service: a missing bucket, bad credentials or an unreachable endpoint surface on the first operation
 * as {@link StorageException.ContainerMissing}, {@link StorageException.AccessDenied} or
 * {@link StorageException.Transient} ({@code cannot reach <endpoint>: connection refused}), each with a one-line
 * message.
 */
public sealed interface StorageLocation permits StorageLocation.Local, StorageLocation.S3, StorageLocation.Gcs,
    StorageLocation.Azure {

  /** The one-line hint shown with every rejected URL. */
  String ACCEPTED_FORMS = "expected /abs/path, relative/path, file:/path, s3://bucket/prefix, gs://bucket/prefix or "
      + "azure://container/prefix";

  /**
   * Parses a repository URL.
   *
   * @throws IllegalArgumentException with a one-line message ending in {@link #ACCEPTED_FORMS}
   */
  static StorageLocation parse(String url) {
    Objects.requireNonNull(url, "url");
    String text = url.strip();
    if (text.isEmpty()) {
      throw invalid(url, "empty");
    }
    int colon = text.indexOf(':');
    int slash = text.indexOf('/');
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash); // "C:" is a drive, not a scheme
    if (!hasScheme) {
      return new Local(path(url, text));
    }
    String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = text.substring(colon + 1);
    if (scheme.equals("file")) {
      return new Local(path(url, fileUrlPath(url, text, rest)));
    }
    if (!rest.startsWith("//")) {
      throw invalid(url, "missing '//' after '" + scheme + ":'");
    }
    String body = rest.substring(2);
    int cut = body.indexOf('/');
    String container = cut < 0 ? body : body.substring(0, cut);
    String prefix = cut < 0 ? "" : trimSlashes(body.substring(cut + 1));
    if (container.isEmpty()) {
      throw invalid(url, "no bucket or container name");
    }
    if (prefix.contains("//")) {
      throw invalid(url, "empty segment ('//') in the prefix");
    }
    return switch (scheme) {
      case "s3" -> new S3(container, prefix);
      case "gs" -> new Gcs(container, prefix);
      case "azure" -> new Azure(container, prefix);
      default -> throw invalid(url, "unknown scheme '" + scheme + "'");
    };
  }

  /** The canonical URL of this location, as {@link #parse} accepts it. */
  String url();

  /**
   * Creates the backend for this location. Does not contact the service.
   *
   * @param env the process environment (normally {@code System.getenv()}), read for each cloud's conventions
   * @param overrides settings that win over the environment
   * @throws StorageException.AccessDenied when configured credentials cannot be used at all (unreadable key file,
   *     no Azure credentials in the environment)
   * @throws StorageException.Rejected when an object lock is asked of a location whose backend cannot enforce one
   *     (local directories and GCS; whether an S3 bucket or Azure container can is asked of the service before the
   *     first locked upload)
   */
  default StorageBackend open(Map<String, String> env, LocationOverrides overrides) throws StorageException {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(overrides, "overrides");
    if (overrides.objectLock().isPresent() && (this instanceof Local || this instanceof Gcs)) {
      throw new StorageException.Rejected("connect", null, url(), "object lock is supported on s3:// and azure:// "
          + "repositories only (S3 Object Lock, Azure version-level immutability)", null);
    }
    return switch (this) {
      case Local local -> LocalStorageBackend.of(new LocalBackendConfig(local.root(), overrides.fsync()));
      case S3 s3 -> S3StorageBackend.create(EnvironmentConventions.s3(s3, env, overrides));
      case Gcs gcs -> GcsStorageBackend.create(EnvironmentConventions.gcs(gcs, env, overrides));
      case Azure azure -> AzureBlobStorageBackend.create(EnvironmentConventions.azure(azure, env, overrides));
    };
  }

  /** A directory on a local or mounted file system, which must exist. */
  record Local(Path root) implements StorageLocation {
    public Local {
      Objects.requireNonNull(root, "root");
    }

    @Override
    public String url() {
      return root.toString();
    }
  }

  /** An S3 (or S3-compatible) bucket and key prefix. */
  record S3(String bucket, String prefix) implements StorageLocation {
    public S3 {
      requireContainer(bucket, prefix, "s3");
    }

    @Override
    public String url() {
      return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  /** A Google Cloud Storage bucket and object-name prefix. */
  record Gcs(String bucket, String prefix) implements StorageLocation {
    public Gcs {
      requireContainer(bucket, prefix, "gs");
    }

    @Override
    public String url() {
      return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  /** An Azure blob container and blob-name prefix; the storage account comes from the environment. */
  record Azure(String container, String prefix) implements StorageLocation {
    public Azure {
      requireContainer(container, prefix, "azure");
    }

    @Override
    public String url() {
      return "azure://" + container + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  private static void requireContainer(String container, String prefix, String scheme) {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(prefix, "prefix");
    String url = scheme + "://" + container + "/" + prefix;
    if (!container.matches("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]")) {
      throw invalid(url, "'" + container + "' is not a valid bucket or container name (3-63 lowercase letters, "
          + "digits, '.', '-', '_')");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw invalid(url, "the prefix must not start or end with '/' or contain '//'");
    }
  }

  private static String fileUrlPath(String url, String text, String rest) {
    try {
      URI uri = new URI(text);
      String host = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
      if (host != null && !host.isEmpty() && !host.equals("localhost")) {
        throw invalid(url, "file URLs name no host other than localhost");
      }
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw invalid(url, "no path");
      }
      return uri.getPath();
    } catch (URISyntaxException e) {
      // not a well-formed URI (spaces, ...): take the text after "file:" as a plain path
      return rest.startsWith("//") ? rest.substring(2) : rest;
    }
  }

  private static Path path(String url, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw invalid(url, "not a valid path (" + e.getReason() + ")");
    }
  }

  private static String trimSlashes(String prefix) {
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return prefix.substring(0, end);
  }

  private static IllegalArgumentException invalid(String url, String reason) {
    return new IllegalArgumentException("invalid repository URL '" + url + "': " + reason + "; " + ACCEPTED_FORMS);
  }
}
