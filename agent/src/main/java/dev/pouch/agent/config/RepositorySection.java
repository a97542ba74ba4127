package dev.pouch.agent.config;

/**
 * {@code repository:} where backups go.
 *
 * @param url a path, {@code file:/path}, {@code s3://bucket/prefix}, {@code gs://...} or {@code azure://...}
 * @param passwordFile the file whose first line is the password; without it, {@code POUCH_PASSWORD} is used
 */
public record RepositorySection(String url, String passwordFile) {

  static RepositorySection defaults() {
    return new RepositorySection(null, null);
  }

  /** Never the password itself; only where it comes from. */
  @Override
  public String toString() {
    return "RepositorySection[url=" + url + ", passwordFile=" + passwordFile + "]";
  }
}
