package dev.pouch.agent.config;

/**
 * One entry of {@code copies:}: a second repository that receives every snapshot after each backup (3-2-1).
 *
 * @param medium the kind of storage ({@code s3}, {@code gcs}, {@code azure}, {@code disk}, ...), for the 2-media rule;
 *     absent: taken from the URL's scheme
 * @param site {@code onsite} or {@code offsite}, for the 1-offsite rule; absent: onsite (a copy is never assumed to
 *     be offsite)
 * @param passwordFile the file whose first line is this target's password; absent: the primary's password, which a
 *     target made with {@code pouch init --copy-of} shares
 */
public record CopyTarget(String url, String medium, String site, String passwordFile) {

  /** Never a password; only where it comes from. */
  @Override
  public String toString() {
    return "CopyTarget[url=" + url + ", medium=" + medium + ", site=" + site + ", passwordFile=" + passwordFile + "]";
  }
}
