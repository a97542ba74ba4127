/**
 * Repository URLs ({@code /path}, {@code file:}, {@code s3://}, {@code gs://}, {@code azure://}) and how each becomes
 * a {@link dev.pouch.storage.StorageBackend}: a parsed {@link dev.pouch.storage.location.StorageLocation}, each
 * cloud's environment conventions, and {@link dev.pouch.storage.location.LocationOverrides} from configuration that
 * win over the environment. Opening a location never contacts the service.
 */
package dev.pouch.storage.location;
