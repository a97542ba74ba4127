package dev.pouch.agent.policy;

import java.util.Locale;

/**
 * A repository in the 3-2-1 picture: where it is, on what medium, at which site.
 *
 * @param medium a free label for the kind of storage (e.g. {@code disk}, {@code nfs}, {@code s3}, {@code gcs},
 *     {@code tape}); two repositories on the same label count as one medium
 * @param site {@code onsite} or {@code offsite} (other labels are allowed and count as onsite)
 */
public record CopyTarget(String url, String medium, String site) {

  public static final String OFFSITE = "offsite";
  public static final String ONSITE = "onsite";

  public CopyTarget {
    if (url == null || url.isBlank() || medium == null || medium.isBlank() || site == null || site.isBlank()) {
      throw new IllegalArgumentException("a copy target needs a URL, a medium and a site");
    }
    medium = medium.trim().toLowerCase(Locale.ROOT);
    site = site.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code URL:medium:site}; the URL may itself contain colons ({@code s3://bucket/p:s3:offsite}), so the
   * last two fields are the medium and the site.
   */
  public static CopyTarget parse(String spec) {
    int siteColon = spec.lastIndexOf(':');
    int mediumColon = siteColon <= 0 ? -1 : spec.lastIndexOf(':', siteColon - 1);
    if (mediumColon <= 0) {
      throw new IllegalArgumentException("'" + spec + "' is not URL:medium:site (e.g. gs://dr/wombat:gcs:offsite)");
    }
    return new CopyTarget(spec.substring(0, mediumColon), spec.substring(mediumColon + 1, siteColon),
        spec.substring(siteColon + 1));
  }

  /** The medium a URL's scheme suggests: {@code s3}, {@code gcs}, {@code azure}, or {@code disk} for paths. */
  public static String mediumOf(String url) {
    if (url.startsWith("s3://")) {
      return "s3";
    }
    if (url.startsWith("gs://")) {
      return "gcs";
    }
    if (url.startsWith("azure://")) {
      return "azure";
    }
    return "disk";
  }

  public boolean offsite() {
    return site.equals(OFFSITE);
  }
}
