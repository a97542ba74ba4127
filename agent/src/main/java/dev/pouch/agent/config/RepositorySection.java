package dev.pouch.agent.config;

/**
 * {@code repository:} where backups go.
 *
 * @param url a path, {@code file:/path}, {@code s3://bucket/prefix}, {@code gs://...} or {@code azure://...}
 * @param passwordFile the file whose first line is the password; without it, {@code POUCH_PASSWORD} is used
 * @param medium the primary's kind of storage for the 3-2-1 report; absent: taken from the URL's scheme
 * @param site {@code onsite} (default) or {@code offsite}, for the 3-2-1 report
 */
public record RepositorySection(String url, String passwordFile, String medium, String site) {

  static RepositorySection defaults() {
    return new RepositorySection(null, null, null, null);
  }

  /** Never the password itself; only where it comes from. */
  @Override
  public String toString() {
    return "RepositorySection[url=" + url + ", passwordFile=" + passwordFile + ", medium=" + medium + ", site="
        + site + "]";
  }
}
