package dev.pouch.storage.ratelimit;

/**
 * Upload and download limits of a {@link RateLimitedStorageBackend}, in bytes per second; {@link #UNLIMITED} (zero)
 * leaves that direction alone.
 */
public record BandwidthLimits(long uploadBytesPerSecond, long downloadBytesPerSecond) {

  /** No limit in that direction. */
  public static final long UNLIMITED = 0;

  public BandwidthLimits {
    if (uploadBytesPerSecond < 0 || downloadBytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "negative bandwidth limit: " + uploadBytesPerSecond + ", " + downloadBytesPerSecond);
    }
  }

  public static BandwidthLimits of(long uploadBytesPerSecond, long downloadBytesPerSecond) {
    return new BandwidthLimits(uploadBytesPerSecond, downloadBytesPerSecond);
  }

  /** Limits neither direction. */
  public static BandwidthLimits unlimited() {
    return new BandwidthLimits(UNLIMITED, UNLIMITED);
  }

  public boolean limitsUpload() {
    return uploadBytesPerSecond != UNLIMITED;
  }

  public boolean limitsDownload() {
    return downloadBytesPerSecond != UNLIMITED;
  }
}
