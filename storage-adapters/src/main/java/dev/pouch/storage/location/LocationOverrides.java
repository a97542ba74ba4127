package dev.pouch.storage.location;

import dev.pouch.storage.ObjectLock;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Settings from a config file or the command line that win over the environment when a {@link StorageLocation} is
 * opened. Every field is optional; {@link #NONE} leaves everything to the environment and the defaults.
 *
 * @param endpoint S3 endpoint, GCS host or Azure blob endpoint of a compatible service or emulator
 * @param region S3 signing region
 * @param pathStyle S3 path-style addressing (default: on exactly when an endpoint is set)
 * @param profile AWS shared-config profile
 * @param project GCS project
 * @param partSizeBytes S3 part, GCS chunk or Azure block size
 * @param uploadConcurrency parts or blocks sent at once by one put (S3, Azure)
 * @param maxAttempts attempts per request by the cloud SDK's own retry policy
 * @param fsync local backend: fsync each blob before a put returns (default on)
 * @param objectLock retention for new objects (S3 Object Lock, Azure version-level immutability); refused by the
 *     backends that cannot enforce one
 */
public record LocationOverrides(
    Optional<URI> endpoint,
    Optional<String> region,
    Optional<Boolean> pathStyle,
    Optional<String> profile,
    Optional<String> project,
    OptionalLong partSizeBytes,
    OptionalInt uploadConcurrency,
    OptionalInt maxAttempts,
    boolean fsync,
    Optional<ObjectLock> objectLock) {

  /** No overrides. */
  public static final LocationOverrides NONE = builder().build();

  public LocationOverrides {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(pathStyle, "pathStyle");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(partSizeBytes, "partSizeBytes");
    Objects.requireNonNull(uploadConcurrency, "uploadConcurrency");
    Objects.requireNonNull(maxAttempts, "maxAttempts");
    Objects.requireNonNull(objectLock, "objectLock");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link LocationOverrides}; every setter is optional. */
  public static final class Builder {
    private Optional<URI> endpoint = Optional.empty();
    private Optional<String> region = Optional.empty();
    private Optional<Boolean> pathStyle = Optional.empty();
    private Optional<String> profile = Optional.empty();
    private Optional<String> project = Optional.empty();
    private OptionalLong partSizeBytes = OptionalLong.empty();
    private OptionalInt uploadConcurrency = OptionalInt.empty();
    private OptionalInt maxAttempts = OptionalInt.empty();
    private boolean fsync = true;
    private Optional<ObjectLock> objectLock = Optional.empty();

    private Builder() {}

    public Builder endpoint(URI value) {
      this.endpoint = Optional.of(value);
      return this;
    }

    public Builder region(String value) {
      this.region = Optional.of(value);
      return this;
    }

    public Builder pathStyle(boolean value) {
      this.pathStyle = Optional.of(value);
      return this;
    }

    public Builder profile(String value) {
      this.profile = Optional.of(value);
      return this;
    }

    public Builder project(String value) {
      this.project = Optional.of(value);
      return this;
    }

    public Builder partSizeBytes(long value) {
      this.partSizeBytes = OptionalLong.of(value);
      return this;
    }

    public Builder uploadConcurrency(int value) {
      this.uploadConcurrency = OptionalInt.of(value);
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = OptionalInt.of(value);
      return this;
    }

    public Builder fsync(boolean value) {
      this.fsync = value;
      return this;
    }

    public Builder objectLock(ObjectLock value) {
      this.objectLock = Optional.of(value);
      return this;
    }

    public LocationOverrides build() {
      return new LocationOverrides(endpoint, region, pathStyle, profile, project, partSizeBytes, uploadConcurrency,
          maxAttempts, fsync, objectLock);
    }
  }
}
