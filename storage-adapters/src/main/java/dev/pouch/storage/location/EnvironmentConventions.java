package dev.pouch.storage.location;

import dev.pouch.storage.BlobContent;
import dev.pouch.storage.StorageException;
import dev.pouch.storage.azure.AzureBackendConfig;
import dev.pouch.storage.gcs.GcsBackendConfig;
import dev.pouch.storage.s3.S3BackendConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each cloud's own environment conventions, turned into backend configurations; {@link LocationOverrides} win.
 *
 * <p><b>S3</b>: {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}) as static
 * keys, otherwise the SDK's default chain with {@code AWS_PROFILE} (profiles, web identity, container and instance
 * roles); region from {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}; endpoint from {@code AWS_ENDPOINT_URL_S3} or
 * {@code AWS_ENDPOINT_URL}; {@code POUCH_S3_PATH_STYLE=true|false} (default: path style exactly when an endpoint is
 * set, as most S3-compatible servers want). With a custom endpoint the SDK's optional CRC checksums are off unless
 * {@code AWS_REQUEST_CHECKSUM_CALCULATION=when_supported}, since many compatible servers reject them.
 *
 * <p><b>GCS</b>: {@code STORAGE_EMULATOR_HOST} (host, no credentials), otherwise Google's application default
 * credentials, from {@code GOOGLE_APPLICATION_CREDENTIALS} when set; project from {@code GOOGLE_CLOUD_PROJECT}.
 *
 * <p><b>Azure</b>: {@code AZURE_STORAGE_CONNECTION_STRING}, otherwise {@code AZURE_STORAGE_ACCOUNT} with
 * {@code AZURE_STORAGE_KEY} or {@code AZURE_STORAGE_SAS_TOKEN}, on {@code https://<account>.blob.core.windows.net}
 * or the endpoint override. Entra ID (token) credentials would need azure-identity, which this module does not ship.
 */
final class EnvironmentConventions {

  private EnvironmentConventions() {}

  static S3BackendConfig s3(StorageLocation.S3 location, Map<String, String> env, LocationOverrides overrides) {
    S3BackendConfig.Builder b = S3BackendConfig.builder(location.bucket()).prefix(location.prefix());
    Optional<URI> endpoint = overrides.endpoint()
        .or(() -> value(env, "AWS_ENDPOINT_URL_S3").map(URI::create))
        .or(() -> value(env, "AWS_ENDPOINT_URL").map(URI::create));
    endpoint.ifPresent(b::endpoint);
    overrides.region().or(() -> value(env, "AWS_REGION")).or(() -> value(env, "AWS_DEFAULT_REGION"))
        .ifPresent(b::region);
    b.pathStyle(overrides.pathStyle()
        .or(() -> value(env, "POUCH_S3_PATH_STYLE").map(v -> parseBoolean("POUCH_S3_PATH_STYLE", v)))
        .orElse(endpoint.isPresent()));
    Optional<String> keyId = value(env, "AWS_ACCESS_KEY_ID");
    Optional<String> secret = value(env, "AWS_SECRET_ACCESS_KEY");
    if (keyId.isPresent() && secret.isPresent()) {
      b.credentials(new S3BackendConfig.S3Credentials(keyId.get(), secret.get(),
          value(env, "AWS_SESSION_TOKEN")));
    } else {
      overrides.profile().or(() -> value(env, "AWS_PROFILE")).ifPresent(b::profile);
    }
    String checksums = value(env, "AWS_REQUEST_CHECKSUM_CALCULATION").orElse("").toLowerCase(Locale.ROOT);
    b.flexibleChecksums(endpoint.isEmpty() ? !checksums.equals("when_required") : checksums.equals("when_supported"));
    overrides.partSizeBytes().ifPresent(b::partSizeBytes);
    overrides.uploadConcurrency().ifPresent(b::uploadConcurrency);
    overrides.maxAttempts().ifPresent(b::maxAttempts);
    overrides.objectLock().ifPresent(b::objectLock);
    return b.build();
  }

  static GcsBackendConfig gcs(StorageLocation.Gcs location, Map<String, String> env, LocationOverrides overrides) {
    GcsBackendConfig.Builder b = GcsBackendConfig.builder(location.bucket()).prefix(location.prefix());
    Optional<URI> emulator = value(env, "STORAGE_EMULATOR_HOST")
        .map(h -> URI.create(h.contains("://") ? h : "http://" + h));
    Optional<URI> host = overrides.endpoint().or(() -> emulator);
    host.ifPresent(b::host);
    if (emulator.isPresent()) {
      b.credentials(new GcsBackendConfig.NoCredentials());
    } else {
      value(env, "GOOGLE_APPLICATION_CREDENTIALS")
          .ifPresent(file -> b.credentials(new GcsBackendConfig.ServiceAccountKeyFile(Path.of(file))));
    }
    overrides.project().or(() -> value(env, "GOOGLE_CLOUD_PROJECT")).ifPresent(b::project);
    overrides.partSizeBytes().ifPresent(size -> b.chunkSizeBytes(gcsChunkSize(size)));
    overrides.maxAttempts().ifPresent(b::maxAttempts);
    return b.build();
  }

  static AzureBackendConfig azure(StorageLocation.Azure location, Map<String, String> env,
      LocationOverrides overrides) throws StorageException {
    AzureBackendConfig.Access access;
    Optional<String> connectionString = value(env, "AZURE_STORAGE_CONNECTION_STRING");
    Optional<String> account = value(env, "AZURE_STORAGE_ACCOUNT");
    if (connectionString.isPresent()) {
      access = new AzureBackendConfig.ConnectionString(connectionString.get());
    } else if (account.isPresent()) {
      URI endpoint = overrides.endpoint()
          .orElse(URI.create("https://" + account.get() + ".blob.core.windows.net"));
      Optional<String> key = value(env, "AZURE_STORAGE_KEY");
      Optional<String> sas = value(env, "AZURE_STORAGE_SAS_TOKEN");
      if (key.isPresent()) {
        access = new AzureBackendConfig.SharedKey(endpoint, account.get(), key.get());
      } else if (sas.isPresent()) {
        access = new AzureBackendConfig.SasToken(endpoint, sas.get());
      } else {
        throw noAzureCredentials(location);
      }
    } else {
      throw noAzureCredentials(location);
    }
    AzureBackendConfig.Builder b = AzureBackendConfig.builder(location.container(), access)
        .prefix(location.prefix());
    overrides.partSizeBytes().ifPresent(b::blockSizeBytes);
    overrides.uploadConcurrency().ifPresent(b::uploadConcurrency);
    overrides.maxAttempts().ifPresent(b::maxAttempts);
    overrides.objectLock().ifPresent(b::objectLock);
    return b.build();
  }

  /** The part size as a GCS chunk, refused in words rather than as an int overflow when too large. */
  private static int gcsChunkSize(long size) {
    if (size > BlobContent.MAX_READ_BYTES) {
      throw new IllegalArgumentException("chunkSizeBytes (the part size on GCS) must be at most 2047 MiB: " + size);
    }
    return (int) size;
  }

  private static StorageException noAzureCredentials(StorageLocation.Azure location) {
    return new StorageException.AccessDenied("connect", null, location.url(),
        "no Azure credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY "
            + "or AZURE_STORAGE_SAS_TOKEN", null);
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static boolean parseBoolean(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    };
  }
}
